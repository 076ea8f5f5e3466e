//! What one sentence cannot decide and the whole document can: whether a
//! one-character place (美 英 法 日 伊 京 …) is the short form of a country
//! or a province, or an ordinary character of prose — 伊 is "she" in
//! older fiction, 美 "beautiful", 日 "day", 英 a given name. The model and
//! the rules learn short forms from news, where they nearly always are
//! places; outside news they mostly are not.
//!
//! A one-character place stays when its own sentence shows it is one:
//!
//! - it touches another place (中美, 美伊, 中日韩), or
//! - a verb of travel stands right before it (访华, 赴美, 抵京);
//!
//! or when the document reads like news about places:
//!
//! - it names the place in full (美国 for 美, 伊朗 or 伊拉克 for 伊, as a
//!   listed place or at the start of an organisation), or
//! - it names at least two different countries or major places, or
//! - it has a news dateline (…日电, 本报讯).
//!
//! Everything else (a lone 伊 in a story that names no country) is dropped,
//! and so is every one-character place that is no short form of a country
//! or a province at all (`data/entities/loc_abbrev.txt`): 科 of 科创, 奥 of
//! 奥运, 马 of 马军, which the model reads as places beside 中 or 西.

use super::lexicon::List;
use super::{Entity, Label, Lexicon};
use std::collections::HashSet;

/// Verbs of travel and stay that take a short form as their object in
/// news (访华, 赴美, 抵京, 驻港, 离沪, 返台, 旅美, 留日, 援藏, 侵华). The
/// lexicon's wider list (对 在 来 到 …) also holds prepositions that stand
/// before a pronoun as often as before a place (对伊说).
const TRAVEL: &str = "访赴抵驻离返旅留援侵";

/// Datelines that mark a news report.
const DATELINES: [&str; 3] = ["日电", "本报讯", "日讯"];

/// `found` (sorted by start, offsets into `text`) without the
/// one-character places that neither their sentence nor the document
/// confirms.
pub(super) fn short_forms(text: &str, found: Vec<Entity>, lex: &Lexicon) -> Vec<Entity> {
    let one_char = |e: &Entity| {
        e.label == Label::Loc
            && text
                .get(e.start..e.end)
                .is_some_and(|t| t.chars().count() == 1)
    };
    if !found.iter().any(one_char) {
        return found;
    }
    // The document's signals, computed once.
    let mut major: HashSet<&str> = HashSet::new();
    let mut firsts: HashSet<char> = HashSet::new();
    for e in &found {
        let Some(t) = text.get(e.start..e.end) else {
            continue;
        };
        if t.chars().count() < 2 || !matches!(e.label, Label::Loc | Label::Org) {
            continue;
        }
        // A full name: an organisation, or a place the gazetteers know
        // (not a word jieba merely took for one, 伊提).
        let listed = lex.is(t, List::Place) || lex.is(t, List::MajorPlace);
        if let Some(c) = t.chars().next()
            && (e.label == Label::Org || listed)
        {
            firsts.insert(c);
        }
        if e.label == Label::Loc && lex.is(t, List::MajorPlace) {
            major.insert(t);
        }
    }
    let news = major.len() >= 2 || DATELINES.iter().any(|d| text.contains(d));
    // A one-character place that is no listed short form.
    let unlisted = |e: &Entity| {
        one_char(e)
            && !text
                .get(e.start..e.end)
                .and_then(|t| t.chars().next())
                .is_some_and(|c| lex.loc_abbrev.contains(c))
    };
    let places: Vec<(usize, usize)> = found
        .iter()
        .filter(|e| e.label == Label::Loc && !unlisted(e))
        .map(|e| (e.start, e.end))
        .collect();
    let touches = |e: &Entity| {
        places
            .iter()
            .any(|&(a, b)| (a, b) != (e.start, e.end) && (b == e.start || a == e.end))
    };
    let after_travel = |e: &Entity| {
        text.get(..e.start)
            .and_then(|before| before.chars().next_back())
            .is_some_and(|c| TRAVEL.contains(c))
    };
    let named_in_full = |e: &Entity| {
        text.get(e.start..e.end)
            .and_then(|t| t.chars().next())
            .is_some_and(|c| firsts.contains(&c))
    };
    found
        .iter()
        .filter(|e| {
            !one_char(e)
                || !unlisted(e) && (news || touches(e) || after_travel(e) || named_in_full(e))
        })
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::entities::Source;

    fn lex() -> Lexicon {
        Lexicon::load()
    }

    fn loc(text: &str, word: &str, nth: usize) -> Entity {
        let start = text.match_indices(word).nth(nth).map_or(0, |(i, _)| i);
        Entity {
            start,
            end: start + word.len(),
            label: Label::Loc,
            source: Source::Model,
            confidence: 0.9,
        }
    }

    fn kept(text: &str, found: Vec<Entity>) -> Vec<String> {
        short_forms(text, found, &lex())
            .iter()
            .map(|e| text[e.start..e.end].to_string())
            .collect()
    }

    /// A one-character place that is no short form of a country or a
    /// province goes even in news, and confirms no other: 科 beside 中, 奥
    /// of 奥运; 中美 stays.
    #[test]
    fn a_one_character_place_that_is_no_short_form_is_dropped() {
        // 中 and 科 of 中科, 奥 of 奥运, 中 and 美 of 中美.
        let found = |text: &str| {
            vec![
                loc(text, "中", 0),
                loc(text, "科", 0),
                loc(text, "奥", 0),
                loc(text, "中", 1),
                loc(text, "美", 0),
            ]
        };
        let text = "新华社北京3月5日电 中科签约，模拟奥运比赛。中美关系稳定。";
        assert_eq!(kept(text, found(text)), vec!["中", "中", "美"]);
        // Without the dateline, 中 of 中科 has no place beside it.
        let story = "中科签约，模拟奥运比赛。中美关系稳定。";
        assert_eq!(kept(story, found(story)), vec!["中", "美"]);
    }

    #[test]
    fn a_lone_short_form_in_a_story_is_dropped() {
        let text = "伊便放下篮子，对他说：“你回来了。”伊笑了笑。";
        let found = vec![loc(text, "伊", 0), loc(text, "伊", 1)];
        assert!(kept(text, found).is_empty());
    }

    #[test]
    fn the_full_name_or_a_pair_confirms_a_short_form() {
        let text = "伊朗外长表示，伊方愿意对话。";
        let found = vec![loc(text, "伊朗", 0), loc(text, "伊", 1)];
        assert_eq!(kept(text, found), ["伊朗", "伊"]);
        let text = "美伊关系再度紧张。";
        let found = vec![loc(text, "美", 0), loc(text, "伊", 0)];
        assert_eq!(kept(text, found), ["美", "伊"]);
        let text = "总统下月将访华。";
        assert_eq!(kept(text, vec![loc(text, "华", 0)]), ["华"]);
    }

    #[test]
    fn news_with_countries_or_a_dateline_keeps_short_forms() {
        let text = "俄罗斯和土耳其代表在会上发言，英代表随后表示支持。";
        let found = vec![
            loc(text, "俄罗斯", 0),
            loc(text, "土耳其", 0),
            loc(text, "英", 0),
        ];
        assert_eq!(kept(text, found), ["俄罗斯", "土耳其", "英"]);
        let text = "新华社北京5月3日电 日方表示将继续沟通。";
        assert_eq!(kept(text, vec![loc(text, "日", 1)]), ["日"]);
    }

    /// The places of a document as the pipeline annotates it.
    fn places(text: &str) -> Option<Vec<String>> {
        use crate::annotate::{Resources, annotate};
        use crate::model::Layer;
        use std::sync::OnceLock;
        static RES: OnceLock<Option<Resources>> = OnceLock::new();
        let res = RES.get_or_init(|| Resources::load().ok()).as_ref()?;
        let doc = crate::parse::parse(text.to_string(), crate::model::Format::Plain);
        let a = annotate(doc, res);
        Some(
            a.layer(Layer::Entities)
                .filter(|e| e.label == "LOC")
                .map(|e| e.span.text(&a.doc.text).to_string())
                .collect(),
        )
    }

    #[test]
    fn she_in_a_story_is_no_place_and_iran_in_the_news_is_one() {
        // 伊 as "she", in prose that names no country.
        let story = "那天傍晚，伊提着竹篮从河边回来。\n\n\
                     伊对他说：“今天的菜真新鲜。”他望着伊，半天没有说话。\n\n\
                     后来伊便不大出门了，只在院子里坐着。";
        let Some(found) = places(story) else { return };
        assert!(!found.iter().any(|t| t == "伊"), "{found:?}");
        // The short form in a report that names the countries.
        let news = "新华社德黑兰5月3日电 伊朗外交部发言人3日表示，伊方愿与各方保持沟通。\n\n\
                    分析人士认为，美伊关系短期内难以缓和。";
        let Some(found) = places(news) else { return };
        assert!(found.iter().any(|t| t == "伊"), "{found:?}");
    }
}
