//! jieba's name tags as a weak fallback: `nr`/`nrfg`/`nrt` → PER (when the
//! word has a person's shape), `ns` → LOC, `nt` → ORG.

use super::foreign::foreign_char;
use super::lexicon::{CharSet, List, ends_not_name, foreign_place_end};
use super::{Candidates, Label, Lexicon, Sent, Source};
use std::sync::LazyLock;

/// Words after a transliterated word that show it names a place, a thing
/// or an event, not a person (厄尔尼诺现象, 克什米尔问题, 卡尔特河).
pub(super) const NOT_PERSON_HEADS: &[&str] = &[
    "现象",
    "问题",
    "争端",
    "冲突",
    "局势",
    "地区",
    "河",
    "江",
    "湖",
    "山",
    "岛",
    "港",
    "市",
    "县",
    "省",
    "州",
    "镇",
    "村",
    "城",
    "湾",
    "号",
    "事件",
    "核电站",
    "电站",
    "战争",
    "条约",
    "协定",
    "公司",
    "集团",
    "汽车",
    "大学",
    "政府",
    "卫星",
    "飞船",
    "组织",
    "运动",
    "茶",
    "牌",
    "杯",
    "赛",
    "奖",
    "王朝",
    "时代",
    "人",
    "族",
    "语",
    "教",
    "党",
    "指数",
    "国家",
    "报",
    "农庄",
    "庄园",
    "决议",
    "宣言",
    "会议",
    "峰会",
    "计划",
    "方案",
    "区",
    "酒店",
    "饭店",
    "公园",
    "广场",
    "大街",
    "街",
    "路",
    "宫",
];

/// Runs of two or more name-tagged words in transliteration characters,
/// split where jieba knew each piece (斯捷|帕申, 尤尔|科夫,
/// 格雷特|施|莱格): one person, unless it ends like a place (莱克|伍德县).
/// Marks the tokens of every run, kept or not, so that their pieces are
/// not taken alone.
fn foreign_runs(sent: &Sent, lex: &Lexicon, out: &mut Candidates) -> Vec<bool> {
    let toks = &sent.toks;
    let mut covered = vec![false; toks.len()];
    let all_foreign = |t: &super::Tok| t.word.chars().all(foreign_char);
    let named = |t: &super::Tok| matches!(t.pos, "nr" | "nrfg" | "nrt");
    let member = |t: &super::Tok| {
        (named(t) && t.word.chars().any(foreign_char) || t.pos == "nz" && all_foreign(t))
            && !t.is(List::NotPerson)
            && !lex.ends_with_role(t.word)
    };
    let mut i = 0;
    while i < toks.len() {
        let mut j = i;
        // A one-character name word may continue a run (格雷特|施|莱格).
        // A dash between two name words joins them too (约翰—格伦).
        let dash = |j: usize| {
            j > i
                && matches!(toks[j].word, "—" | "－")
                && toks.get(j + 1).is_some_and(|t| named(t) && member(t))
        };
        while j < toks.len()
            && (member(&toks[j]) || j > i && named(&toks[j]) && toks[j].chars == 1 || dash(j))
        {
            j += 1;
        }
        if j - i >= 2 {
            let run = &toks[i..j];
            covered[i..j].iter_mut().for_each(|c| *c = true);
            let chars: usize = run.iter().map(|t| t.chars).sum();
            let starts_foreign = |t: &super::Tok| t.word.starts_with(foreign_char);
            let foreign = run.iter().any(all_foreign)
                && (run.iter().all(starts_foreign) || run.iter().any(|t| t.pos == "nrt"));
            let last = run[run.len() - 1].word;
            if foreign
                && chars >= 3
                && !sent.word_is(j, List::NotPersonHead)
                && !foreign_place_end(last)
            {
                out.push(
                    run[0].start,
                    run[run.len() - 1].end,
                    Label::Per,
                    Source::Pos,
                    0.5,
                );
            }
        }
        i = j.max(i + 1);
    }
    covered
}

/// Foreign names are written with these characters (克林顿, 基里延科, 穆巴拉克).
pub(super) const TRANSLIT: &str = "阿埃艾安昂奥巴拜班邦鲍贝本比彼毕宾波伯博布查达戴丹道德迪蒂丁杜顿多厄恩尔法范菲费芬丰弗福富盖冈戈格古哈海汉豪赫亨洪胡华霍基吉加贾杰捷金卡凯坎康考科克肯库奎拉莱赖兰朗劳勒雷里理利莉丽列林琳隆卢鲁路伦罗洛马玛迈麦曼梅门蒙米密明摩莫墨默姆穆纳娜乃内尼宁纽努诺欧帕潘庞佩彭皮珀普齐奇钱乔切钦琼丘萨塞赛桑瑟森沙莎舍什史斯松苏索塔泰坦汤特提廷图托瓦万旺威韦维温沃乌西希席夏肖谢辛休雅亚延扬耶叶伊因英尤于约泽扎詹兹佐茨";
static TRANSLIT_CHARS: LazyLock<CharSet> = LazyLock::new(|| CharSet::of(TRANSLIT));

/// Whether `word` has a surname after its first character, followed by
/// one or two characters.
fn inner_surname(lex: &Lexicon, word: &str) -> bool {
    word.char_indices().nth(1).is_some_and(|(k, _)| {
        let rest = &word[k..];
        lex.surname_of(rest)
            .is_some_and(|s| (2..=3).contains(&rest.chars().count()) && rest.len() > s.len())
    })
}

/// Whether at least half the characters of `word` are transliteration
/// characters, none is a numeral and it does not repeat itself (太多太多).
fn mostly_foreign(word: &str) -> bool {
    let cs: Vec<char> = word.chars().collect();
    let foreign = cs.iter().filter(|&&c| foreign_char(c)).count();
    let half = cs.len() / 2;
    let repeats = cs.len().is_multiple_of(2) && cs[..half] == cs[half..];
    // Two characters: the second must be one (保拉, 瑙曼; not 托人).
    let enough = match cs.len() {
        2 => foreign_char(cs[1]),
        _ => 2 * foreign > cs.len(),
    };
    enough
        && !repeats
        && !cs
            .iter()
            .any(|c| "一二三四五六七八九十百千万两".contains(*c))
}

/// Whether the name-tagged word `k` is a person for this fallback, and
/// with what confidence. Chinese names are the person rules' job; here
/// transliterated names (克林顿, 亨特, 阿维兰热) and longer name words
/// without a surname.
fn person(sent: &Sent, lex: &Lexicon, k: usize) -> Option<f32> {
    let t = sent.toks[k];
    if sent.word_is(k + 1, List::NotPersonHead) || ends_not_name(t.word) {
        return None;
    }
    let function_start = t.word.starts_with([
        '为', '在', '和', '与', '的', '是', '对', '从', '把', '被', '将', '向', '于', '大', '小',
        '有',
    ]);
    let cs: Vec<char> = t.word.chars().collect();
    let half = cs.len() / 2;
    // 太多太多, 谢谢: a phrase said twice is not a name.
    if function_start || cs.len().is_multiple_of(2) && cs[..half] == cs[half..] {
        return None;
    }
    let foreign = t
        .word
        .chars()
        .all(|c| TRANSLIT_CHARS.contains(c) || c == '·');
    let foreign_wide = t.word.chars().all(foreign_char);
    let role_before = lex.ends_with_role(&sent.text[..t.start]);
    let cue_after = sent.word_is(k + 1, List::PersonCue) || sent.word_is(k + 1, List::Role);
    match (t.pos, t.chars, t.surname(lex)) {
        // Transliterations jieba knows as names, surname-like first
        // character or not (亨特, 阿维兰热, 费尔南德斯).
        ("nrt", 2.., _) if foreign_wide => Some(if t.chars == 2 { 0.45 } else { 0.5 }),
        // Mostly transliteration characters (保拉, 阿维兰热, 约翰松), not
        // a reduplicated or numbered phrase (太多太多, 五岐四缺).
        ("nrt", 2.., _) if mostly_foreign(t.word) => Some(0.45),
        // Foreign names tagged nr written in transliteration characters
        // (阿巴查, 韦斯特).
        (_, 3.., _) if foreign => Some(0.45),
        (_, 3.., None) if foreign => Some(0.45),
        // A made-up word with a surname after its first character is a
        // verb and a name (胜|王磊, 致|牟小东): the person rules' job.
        (_, 3.., None) if !t.known && !inner_surname(lex, t.word) => Some(0.45),
        // A name word jieba knows, next to a role or a speech verb (若斯潘).
        (_, 3.., None) if role_before || cue_after => Some(0.5),
        _ => None,
    }
}

pub(super) fn find(sent: &Sent, lex: &Lexicon, out: &mut Candidates) {
    let in_run = foreign_runs(sent, lex, out);
    for (k, t) in sent.toks.iter().enumerate() {
        if t.is(List::CommonNsNt) {
            continue;
        }
        let (label, conf) = match t.pos {
            "nr" | "nrfg" | "nrt" => {
                if t.is(List::NotPerson) || t.is(List::Place) || in_run[k] {
                    continue;
                }
                match person(sent, lex, k) {
                    Some(conf) => (Label::Per, conf),
                    None => continue,
                }
            }
            "ns" if t.chars >= 2
                && !t.word.chars().all(|c| lex.loc_abbrev.contains(c))
                && t.is_place(lex) =>
            {
                // Glued places and generic tails (北京|王府井, 东北|地区).
                if let Some(pieces) = lex.place_pieces(t.word) {
                    for (a, b) in pieces {
                        out.push(t.start + a, t.start + b, Label::Loc, Source::Pos, 0.55);
                    }
                    continue;
                }
                (Label::Loc, 0.55)
            }
            // X政府 with a place X is tagged as the place (the People's Daily
            // convention); relations (中美关系) are not organisations.
            "nt" if t.chars >= 2
                && !t.is(List::NotOrg)
                && !t.word.ends_with("政府")
                && !t.word.ends_with("关系") =>
            {
                if let Some(pieces) = lex.place_pieces(t.word) {
                    for (a, b) in pieces {
                        out.push(t.start + a, t.start + b, Label::Loc, Source::Pos, 0.55);
                    }
                    continue;
                }
                match super::lexicon::building_suffix_of(t.word) {
                    Some(_) => (Label::Loc, 0.55),
                    None => (Label::Org, 0.55),
                }
            }
            _ => continue,
        };
        out.push(t.start, t.end, label, Source::Pos, conf);
    }
}
