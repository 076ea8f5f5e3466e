//! jieba's name tags as a weak fallback: `nr`/`nrfg`/`nrt` → PER (when the
//! word has a person's shape), `ns` → LOC, `nt` → ORG.

use super::{Candidates, Label, Lexicon, Sent, Source};

/// Characters used to write foreign names (克林顿, 基里延科, 穆巴拉克).
pub(super) const TRANSLIT: &str = "阿埃艾安昂奥巴拜班邦鲍贝本比彼毕宾波伯博布查达戴丹道德迪蒂丁杜顿多厄恩尔法范菲费芬丰弗福富盖冈戈格古哈海汉豪赫亨洪胡华霍基吉加贾杰捷金卡凯坎康考科克肯库奎拉莱赖兰朗劳勒雷里理利莉丽列林琳隆卢鲁路伦罗洛马玛迈麦曼梅门蒙米密明摩莫墨默姆穆纳娜乃内尼宁纽努诺欧帕潘庞佩彭皮珀普齐奇钱乔切钦琼丘萨塞赛桑瑟森沙莎舍什史斯松苏索塔泰坦汤特提廷图托瓦万旺威韦维温沃乌西希席夏肖谢辛休雅亚延扬耶叶伊因英尤于约泽扎詹兹佐茨";

/// Generic words jieba glues to a place name: the place is the name alone.
const GEO_TAILS: &[&str] = &["地区", "流域", "一带", "政府", "各国", "人民"];

pub(super) fn find(sent: &Sent, lex: &Lexicon, out: &mut Candidates) {
    for t in &sent.toks {
        if lex.common_ns_nt.contains(t.word) {
            continue;
        }
        let (label, conf) = match t.pos {
            "nr" | "nrfg" | "nrt" => {
                if lex.not_person.contains(t.word) || lex.places.contains(t.word) {
                    continue;
                }
                // Chinese names are the person rules' job; here only the
                // longer names without a surname (克林顿, 基里延科).
                let function_start = t.word.starts_with([
                    '为', '在', '和', '与', '的', '是', '对', '从', '把', '被', '将', '向', '于',
                    '大', '小',
                ]);
                let foreign = t.word.chars().all(|c| TRANSLIT.contains(c) || c == '·');
                match lex.surname_of(t.word) {
                    None if t.chars >= 3 && !function_start && (foreign || !t.known) => {
                        (Label::Per, 0.45)
                    }
                    _ => continue,
                }
            }
            "ns" if t.chars >= 2
                && !t.word.chars().all(|c| lex.loc_abbrev.contains(&c))
                && t.is_place(lex) =>
            {
                // The place without a generic tail (东北|地区, 汉水|流域).
                if let Some(stem) = GEO_TAILS.iter().find_map(|g| t.word.strip_suffix(g))
                    && stem.chars().count() >= 2
                {
                    out.push(t.start, t.start + stem.len(), Label::Loc, Source::Pos, 0.55);
                    continue;
                }
                (Label::Loc, 0.55)
            }
            // X政府 with a place X is tagged as the place (the People's Daily
            // convention); relations (中美关系) are not organisations.
            "nt" if t.chars >= 2
                && !lex.not_org.contains(t.word)
                && !t.word.ends_with("政府")
                && !t.word.ends_with("关系") =>
            {
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
