//! Who a speaker phrase names when no entity, title or pronoun does: the
//! agent noun phrase, read from the words (tokens) of the phrase.
//!
//! The speaker of `X道` / `X说` must be someone who can speak — a noun
//! phrase cut at word boundaries — never a fragment across words (便唤石秀
//! is not 石秀's), a place or direction (东北上又一个好汉), an adverbial or a
//! verb (思量, 众皆畅然喜会). Around the agent the phrase may hold:
//!
//! - before it: words that introduce it rather than being it — perception
//!   and existence (只见 X, 只听得半空中有 X, 时有 X、Y, 却是一个 X), a
//!   demonstrative, a count (一个, 几个), a time word;
//! - after it: what the agent does before speaking (玉帝闻言, 林鄭首先,
//!   长老一身水衣战兢兢的, 大力鬼王与众启奏): the agent stops at the first
//!   word that is not a noun.
//!
//! [`plausible`] checks a candidate found otherwise (the phrase as
//! written); [`agent`] finds the noun phrase in a longer phrase.

use super::words::{CUTS, LEADS};
use crate::model::{Span, Token};

/// Words after which the one who speaks comes: perception, existence and
/// identification (X只见Y道 and X忽听得Y叫道 are Y's words, 半空中有Y叫道
/// and 却是一个Y叫道 too).
const RESTART: &[&str] = &[
    "只见",
    "只見",
    "忽见",
    "忽見",
    "却见",
    "卻見",
    "但见",
    "但見",
    "早见",
    "早見",
    "又见",
    "又見",
    "只听得",
    "只聽得",
    "忽听得",
    "忽聽得",
    "听得",
    "聽得",
    "只听",
    "只聽",
    "忽听",
    "忽聽",
    "有",
    "时有",
    "時有",
    "却是",
    "卻是",
    "乃是",
    "正是",
    "原来是",
    "原來是",
];

/// Words before the agent that are not it (是X, 听得).
const SKIP: &[&str] = &["是", "得", "听", "聽"];

/// A count of people after the noun phrase (阶下走过一人, 门外闪出两个,
/// 林子里有人): the one who speaks is someone introduced there, not the
/// noun.
pub const INDEFINITE: &[&str] = &[
    "一人", "一个", "一個", "一位", "两个", "兩個", "两人", "兩人", "几个", "幾個", "有人",
];

/// Single characters that make a name of the noun after them (老鼋, 小李,
/// 阿福), whatever the tokeniser tags them.
const NAME_PREFIXES: &str = "老小阿";

/// Determiners of a group that open a speaker (诸神, 各仙, 众人), whatever
/// the tokeniser tags them.
const COLLECTIVES: &str = "诸諸各众眾";

/// Demonstratives before the agent (那大圣, 这揭谛).
const DEMONSTRATIVES: &[&str] = &["那", "这", "這", "那个", "那個", "这个", "這個", "此"];

/// The longest agent in characters (a list of several: 天蓬、天佑).
const MAX_CHARS: usize = 24;

/// Whether a token is a noun (any noun tag, or an abbreviation).
fn nominal(t: &Token) -> bool {
    t.pos().starts_with('n') || t.pos() == "j"
}

/// Tokens wholly inside `span`, whether a token runs across its start
/// (the span starts inside a word), and whether one runs across its end.
fn inside(tokens: &[Token], span: Span) -> (&[Token], bool, bool) {
    let from = tokens.partition_point(|t| t.span().end <= span.start);
    let to = tokens.partition_point(|t| t.span().start < span.end);
    let all = &tokens[from..to.max(from)];
    let cut_start = all.first().is_some_and(|t| t.span().start < span.start);
    let cut_end = all.last().is_some_and(|t| t.span().end > span.end);
    let a = usize::from(cut_start);
    let b = all.len() - usize::from(cut_end && all.len() > a);
    (&all[a..b.max(a)], cut_start, cut_end)
}

/// Whether `span`, taken as a speaker as written, is one: it starts and
/// ends at word boundaries and its words are nouns (a name prefix such as
/// 老 aside), the last not a place word. True when there are no tokens
/// (nothing to judge by).
pub fn plausible(text: &str, tokens: &[Token], span: Span) -> bool {
    // (A word running across the end is the tokeniser gluing the verb of
    // saying or a word of manner to the name before it, 诸神道 as 诸/神道,
    // 王长贵笑道 as 王长/贵笑: the verb was checked, its tag tells nothing.)
    let (inner, cut_start, cut_end) = inside(tokens, span);
    if inner.is_empty() && !cut_start && !cut_end {
        return true;
    }
    if cut_start {
        return false;
    }
    let from = tokens.partition_point(|t| t.span().end <= span.start);
    let words = &tokens[from..from + inner.len() + usize::from(cut_end)];
    // One character is a speaker only when tagged as a name (林, not 众 or 人).
    if span.text(text).chars().count() < 2
        && !(words.len() == 1 && words[0].pos().starts_with("nr"))
    {
        return false;
    }
    let n = words.len();
    let glued = |k: usize| cut_end && k + 1 == n;
    words.iter().enumerate().all(|(k, t)| {
        nominal(t)
            || glued(k)
            || k == 0 && n > 1 && COLLECTIVES.contains(t.span().text(text))
            || k + 1 < n && NAME_PREFIXES.contains(t.span().text(text)) && t.span().len() <= 3
            || t.span().text(text) == "、" && k > 0 && k + 1 < n
    }) && (glued(n - 1)
        || !words[n - 1].pos().starts_with('s') && !words[n - 1].pos().starts_with('f'))
}

/// The agent noun phrase of a speaker phrase (the words before a verb of
/// saying), when its words show one: see the module documentation.
pub fn agent(text: &str, tokens: &[Token], phrase: Span) -> Option<Span> {
    let (words, cut_start, cut_end) = inside(tokens, phrase);
    if words.is_empty() || cut_start {
        return None;
    }
    let word = |k: usize| words[k].span().text(text);
    // Restart after the last word of perception or existence that has
    // more after it (众皆畅然喜会只见王母娘娘引…, 那三层门下有五方揭谛…).
    let mut i = (0..words.len())
        .rev()
        .find(|&k| RESTART.contains(&word(k)) && k + 1 < words.len())
        .map_or(0, |k| k + 1);
    // Skip what introduces the agent.
    while i < words.len() {
        let w = word(i);
        let t = &words[i];
        let skip = SKIP.contains(&w)
            || i == 0 && RESTART.contains(&w)
            || DEMONSTRATIVES.contains(&w)
            || LEADS.contains(&w)
            || t.pos().starts_with('t')
            || (t.pos().starts_with('m') || t.pos().starts_with('q'))
                && words
                    .get(i + 1)
                    .is_some_and(|n| nominal(n) || n.pos().starts_with('q'));
        if !skip {
            break;
        }
        i += 1;
    }
    let (from, to) = lead_np(text, words, i)?;
    // Up to the verb when the tokeniser glued the name's end to what
    // follows (王长/贵笑道).
    let end = if to == words.len() && cut_end {
        phrase.end
    } else {
        words[to - 1].span().end
    };
    let span = Span::new(words[from].span().start, end);
    let n = span.text(text).chars().count();
    // A noun followed by a place word is a place (东北上, 门下).
    let place = words
        .get(to)
        .is_some_and(|t| t.pos().starts_with('f') || t.pos().starts_with('s'));
    let rest = &text[span.end..phrase.end];
    let counted = INDEFINITE.iter().any(|w| rest.contains(w));
    (!place && !counted && (2..=MAX_CHARS).contains(&n) && !words[to - 1].pos().starts_with('s'))
        .then_some(span)
}

/// The one a word of perception or existence in the phrase introduces
/// (众人皆散只见店小二走来 → 店小二, 宋江只见李逵 → 李逵): the agent after
/// the last such word, when there is one.
pub fn introduced(text: &str, tokens: &[Token], phrase: Span) -> Option<Span> {
    let (words, cut_start, _) = inside(tokens, phrase);
    if cut_start {
        return None;
    }
    let k = (0..words.len().saturating_sub(1))
        .rev()
        .find(|&k| RESTART.contains(&words[k].span().text(text)))?;
    agent(
        text,
        tokens,
        Span::new(words[k + 1].span().start, phrase.end),
    )
}

/// The noun phrase starting at word `i`: (first, end) word indices; nouns,
/// joined by 、, after an optional name prefix.
fn lead_np(text: &str, words: &[Token], i: usize) -> Option<(usize, usize)> {
    let mut k = i;
    if words
        .get(k)
        .is_some_and(|t| NAME_PREFIXES.contains(t.span().text(text)) && t.span().len() <= 3)
        && words.get(k + 1).is_some_and(nominal)
    {
        k += 1;
    }
    // Never a word of manner (闻言, tagged as a name by the tokeniser).
    let noun = |t: &Token| nominal(t) && !CUTS.contains(&t.span().text(text));
    // Nouns, and 、 between two of them.
    while k < words.len()
        && (noun(&words[k])
            || words[k].span().text(text) == "、" && k > i && words.get(k + 1).is_some_and(noun))
    {
        k += 1;
    }
    (k > i).then_some((i, k))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens written by hand: (word, tag) pairs over their concatenation.
    fn toks(parts: &[(&str, &'static str)]) -> (String, Vec<Token>) {
        let mut text = String::new();
        let mut out = Vec::new();
        for (w, p) in parts {
            let s = text.len();
            text.push_str(w);
            out.push(Token::new(Span::new(s, text.len()), p));
        }
        (text, out)
    }

    fn agent_of(parts: &[(&str, &'static str)]) -> Option<String> {
        let (text, t) = toks(parts);
        agent(&text, &t, Span::new(0, text.len())).map(|s| s.text(&text).to_string())
    }

    #[test]
    fn the_agent_stops_at_the_first_word_that_is_not_a_noun() {
        assert_eq!(
            agent_of(&[("玉帝", "nr"), ("闻言", "v")]).as_deref(),
            Some("玉帝")
        );
        assert_eq!(
            agent_of(&[("林鄭", "nr"), ("首先", "d")]).as_deref(),
            Some("林鄭")
        );
        assert_eq!(
            agent_of(&[
                ("那", "r"),
                ("大力", "n"),
                ("鬼王", "n"),
                ("与", "p"),
                ("众", "ng"),
                ("启奏", "v")
            ])
            .as_deref(),
            Some("大力鬼王")
        );
        assert_eq!(
            agent_of(&[
                ("老", "a"),
                ("渔翁", "n"),
                ("摇", "v"),
                ("着", "uz"),
                ("桨", "n")
            ])
            .as_deref(),
            Some("老渔翁")
        );
    }

    #[test]
    fn words_that_introduce_the_agent_are_skipped() {
        assert_eq!(
            agent_of(&[
                ("只听得", "v"),
                ("山谷中", "s"),
                ("有", "v"),
                ("两个", "m"),
                ("樵夫", "n"),
                ("叫", "v")
            ])
            .as_deref(),
            Some("樵夫")
        );
        assert_eq!(
            agent_of(&[
                ("时有", "v"),
                ("张龙", "nr"),
                ("、", "x"),
                ("赵虎", "nr"),
                ("急出", "v")
            ])
            .as_deref(),
            Some("张龙、赵虎")
        );
        assert_eq!(
            agent_of(&[
                ("眾人", "n"),
                ("皆", "d"),
                ("散去", "v"),
                ("只見", "v"),
                ("掌櫃", "n"),
                ("走", "v")
            ])
            .as_deref(),
            Some("掌櫃")
        );
    }

    #[test]
    fn places_verbs_and_adverbs_are_no_agent() {
        assert_eq!(agent_of(&[("东北", "ns"), ("上", "f"), ("又", "d")]), None);
        assert_eq!(agent_of(&[("心中", "s")]), None);
        assert_eq!(agent_of(&[("思量", "v")]), None);
        assert_eq!(agent_of(&[("众", "ng"), ("皆", "d"), ("畅然", "a")]), None);
        // A count of people after it: someone else speaks (阶下走过一人).
        assert_eq!(
            agent_of(&[("门外", "n"), ("闪出", "v"), ("一个", "m"), ("汉子", "n")]),
            None
        );
        // The count glued to the verb by the tokeniser (走过/一人道).
        let (text, t) = toks(&[("阶下", "n"), ("走过", "v"), ("一人道", "q")]);
        let end = text.find("道").unwrap_or(0);
        assert_eq!(agent(&text, &t, Span::new(0, end)), None);
        // The one called is not the agent (便唤石秀 with 便 cut off).
        let (text, t) = toks(&[("便唤", "v"), ("石秀", "nr")]);
        assert_eq!(agent(&text, &t, Span::new(3, text.len())), None);
        // Someone hears someone: 有人 names nobody.
        assert_eq!(
            agent_of(&[
                ("师徒", "n"),
                ("忽听得", "v"),
                ("有", "v"),
                ("人", "n"),
                ("叫", "v")
            ]),
            None
        );
    }

    #[test]
    fn a_candidate_as_written_must_be_whole_words_and_nouns() {
        // A span starting inside a word (便|唤石秀).
        let (text, t) = toks(&[("便唤", "v"), ("石秀", "nr")]);
        assert!(!plausible(&text, &t, Span::new(3, text.len())));
        let (text, t) = toks(&[("众", "ng"), ("皆", "d"), ("畅然", "a"), ("喜会", "v")]);
        assert!(!plausible(&text, &t, Span::new(0, text.len())));
        let (text, t) = toks(&[("环卫", "n"), ("阿姨", "n")]);
        assert!(plausible(&text, &t, Span::new(0, text.len())));
        let (text, t) = toks(&[("東北", "ns"), ("上", "f")]);
        assert!(!plausible(&text, &t, Span::new(0, text.len())));
        // The verb glued to the name by the tokeniser (诸/神道): the name.
        let (text, t) = toks(&[("诸", "r"), ("神道", "n")]);
        assert!(plausible(&text, &t, Span::new(0, 6)));
        let (text, t) = toks(&[("众", "ng"), ("仙道", "n")]);
        assert!(plausible(&text, &t, Span::new(0, 6)));
        let (text, t) = toks(&[("众", "ng"), ("皆", "d")]);
        assert!(!plausible(&text, &t, Span::new(0, 3)));
        let (text, t) = toks(&[("仙", "n"), ("翁", "n"), ("道", "v")]);
        assert!(plausible(&text, &t, Span::new(0, 6)));
        let (text, t) = toks(&[("渔夫", "n"), ("王长", "nr"), ("贵笑", "v"), ("道", "v")]);
        let end = text.find("笑").unwrap_or(0);
        assert!(plausible(&text, &t, Span::new(0, end)));
        assert_eq!(agent(&text, &t, Span::new(0, end)), Some(Span::new(0, end)));
        // Without tokens there is nothing to judge by.
        assert!(plausible("渔人", &[], Span::new(0, 6)));
    }
}
