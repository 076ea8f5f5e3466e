//! The entity word lists in `data/entities/`, loaded once into sets.

use super::Label;
use crate::annotate::tokens::data_lines;
use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet as HashSet;

const SURNAMES: &str = include_str!("../../../data/entities/surnames.txt");
const ROLES: &str = include_str!("../../../data/entities/roles.txt");
const PERSON_CUES: &str = include_str!("../../../data/entities/person_cues.txt");
const NOT_PERSON: &str = include_str!("../../../data/entities/not_person.txt");
const COMMON_NR: &str = include_str!("../../../data/entities/common_nr.txt");
const COMMON_NS_NT: &str = include_str!("../../../data/entities/common_ns_nt.txt");
const GIVEN_CHARS: &str = include_str!("../../../data/entities/given_chars.txt");
const ORG_SUFFIXES: &str = include_str!("../../../data/entities/org_suffixes.txt");
const NOT_ORG: &str = include_str!("../../../data/entities/not_org.txt");
const ORGS: &str = include_str!("../../../data/entities/orgs.txt");
const PLACES: &str = include_str!("../../../data/entities/places.txt");
const CEDICT_PEOPLE: &str = include_str!("../../../data/entities/cedict_people.txt");
const CEDICT_PLACES: &str = include_str!("../../../data/entities/cedict_places.txt");
const CEDICT_ORGS: &str = include_str!("../../../data/entities/cedict_orgs.txt");
const LOC_ABBREV: &str = include_str!("../../../data/entities/loc_abbrev.txt");

/// Place suffixes: a name word followed by one of these is a place.
const PLACE_SUFFIXES: &[&str] = &[
    "省",
    "市",
    "县",
    "区",
    "镇",
    "乡",
    "村",
    "州",
    "盟",
    "旗",
    "路",
    "街",
    "道",
    "巷",
    "里",
    "弄",
    "街道",
    "新区",
    "自治区",
    "自治州",
    "自治县",
    "特别行政区",
    "开发区",
    "高新区",
    "广场",
    "大街",
    "公路",
    "大道",
    "江",
    "河",
    "湖",
    "山",
    "岛",
    "湾",
    "港",
    "峡",
    "半岛",
    "高原",
    "平原",
    "盆地",
    "沙漠",
    "海峡",
];

/// Suffixes of buildings, which are places rather than organisations.
const BUILDINGS: &[&str] = &[
    "大厦",
    "大会堂",
    "美术馆",
    "博物馆",
    "体育馆",
    "体育场",
    "广场",
    "饭店",
    "宾馆",
    "大剧院",
    "纪念馆",
];

fn words(text: &'static str) -> impl Iterator<Item = &'static str> {
    data_lines(text).flat_map(str::split_whitespace)
}

fn set(text: &'static str) -> HashSet<&'static str> {
    words(text).collect()
}

/// What the gazetteer knows of a string: the label of the entry it is, if
/// it is one (ORG before LOC before PER, as the lists are consulted), and
/// whether longer entries start with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GazetteerStep {
    pub label: Option<Label>,
    pub longer: bool,
}

/// The gazetteer index over the three lists, the first list winning.
fn gazetteer_index(
    lists: [(&HashSet<&'static str>, Label); 3],
) -> HashMap<&'static str, GazetteerStep> {
    let mut index: HashMap<&'static str, GazetteerStep> = HashMap::default();
    for (list, label) in lists {
        for &w in list {
            let step = index.entry(w).or_default();
            step.label = step.label.or(Some(label));
            for (k, _) in w.char_indices().skip(1) {
                index.entry(&w[..k]).or_default().longer = true;
            }
        }
    }
    index
}

/// The word lists the entity rules consult.
#[derive(Debug)]
pub struct Lexicon {
    pub surnames: HashSet<&'static str>,
    pub roles: HashSet<&'static str>,
    /// Longest role word, in characters.
    pub role_max: usize,
    pub person_cues: HashSet<&'static str>,
    /// Words that look like names but are not (own list plus jieba `nr`
    /// words CC-CEDICT knows only as ordinary words).
    pub not_person: HashSet<&'static str>,
    /// Ordinary words jieba tags as places or organisations (城市, 两国).
    pub common_ns_nt: HashSet<&'static str>,
    /// Characters common in given names.
    pub given_chars: HashSet<char>,
    pub org_suffixes: HashSet<&'static str>,
    /// Longest organisation suffix, in characters.
    pub org_suffix_max: usize,
    pub not_org: HashSet<&'static str>,
    pub orgs: HashSet<&'static str>,
    /// Well-known people (from CC-CEDICT).
    pub people: HashSet<&'static str>,
    pub places: HashSet<&'static str>,
    /// The project's own list of places (countries, provinces, major cities).
    pub major_places: HashSet<&'static str>,
    pub place_suffixes: HashSet<&'static str>,
    /// Longest gazetteer entry, in characters.
    pub gazetteer_max: usize,
    /// Every gazetteer entry (`orgs`, `places`, `people`) and every
    /// leading part of one, for a longest-match walk that stops as soon as
    /// no entry goes on: one lookup per word instead of one per list.
    pub gazetteer: HashMap<&'static str, GazetteerStep>,
    /// One-character short forms of places (中 美 京 沪 …).
    pub loc_abbrev: HashSet<char>,
    /// Characters of travel and location verbs before a short form (访华 抵京).
    pub travel_prefix: HashSet<char>,
}

impl Lexicon {
    pub fn load() -> Self {
        let mut abbrev_lines = data_lines(LOC_ABBREV);
        let chars = |line: Option<&'static str>| -> HashSet<char> {
            line.map(|l| {
                l.split_whitespace()
                    .filter_map(|w| w.chars().next())
                    .collect()
            })
            .unwrap_or_default()
        };
        let loc_abbrev = chars(abbrev_lines.next());
        let travel_prefix = chars(abbrev_lines.next());
        // The project's own lists win over the ones derived from CC-CEDICT
        // (哥伦比亚 is a country before it is a university); names of
        // doctrines and relations (邓小平理论, 中美关系) are not organisations.
        let own_orgs = set(ORGS);
        let own_places = set(PLACES);
        let not_org = set(NOT_ORG);
        let doctrine = |w: &&str| {
            ["理论", "思想", "主义", "关系", "会谈"]
                .iter()
                .any(|s| w.ends_with(s))
        };
        // Buildings and halls are places (人民大会堂, 中国美术馆).
        let building = |w: &&str| BUILDINGS.iter().any(|s| w.ends_with(s));
        let orgs: HashSet<_> = own_orgs
            .iter()
            .copied()
            .chain(words(CEDICT_ORGS).filter(|w| {
                !own_places.contains(w) && !not_org.contains(w) && !doctrine(w) && !building(w)
            }))
            .collect();
        let places: HashSet<_> = own_places
            .iter()
            .copied()
            .chain(words(CEDICT_ORGS).filter(building))
            .chain(words(CEDICT_PLACES).filter(|w| {
                // 中美 is China and the US far more often than Central America.
                let pair = w.chars().count() == 2 && w.chars().all(|c| loc_abbrev.contains(&c));
                !own_orgs.contains(w) && !doctrine(w) && !pair
            }))
            .collect();
        let people: HashSet<_> = words(CEDICT_PEOPLE)
            .filter(|w| !orgs.contains(w) && !places.contains(w))
            .collect();
        let org_suffixes = set(ORG_SUFFIXES);
        let gazetteer_max = orgs
            .iter()
            .chain(places.iter())
            .chain(people.iter())
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0);
        let gazetteer = gazetteer_index([
            (&orgs, Label::Org),
            (&places, Label::Loc),
            (&people, Label::Per),
        ]);
        let org_suffix_max = org_suffixes
            .iter()
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0);
        Lexicon {
            surnames: set(SURNAMES),
            role_max: words(ROLES).map(|w| w.chars().count()).max().unwrap_or(0),
            roles: set(ROLES),
            person_cues: set(PERSON_CUES),
            not_person: words(NOT_PERSON).chain(words(COMMON_NR)).collect(),
            common_ns_nt: set(COMMON_NS_NT),
            given_chars: words(GIVEN_CHARS).flat_map(str::chars).collect(),
            org_suffixes,
            org_suffix_max,
            not_org,
            orgs,
            places,
            major_places: own_places,
            people,
            place_suffixes: PLACE_SUFFIXES.iter().copied().collect(),
            gazetteer_max,
            gazetteer,
            loc_abbrev,
            travel_prefix,
        }
    }

    /// The surname `name` starts with (compound surnames first), if any.
    pub fn surname_of<'a>(&self, name: &'a str) -> Option<&'a str> {
        let mut ends = name.char_indices().map(|(i, _)| i).skip(1);
        let first = ends.next().unwrap_or(name.len());
        let second = ends.next().unwrap_or(name.len());
        if second > first && self.surnames.contains(&name[..second]) && name.len() > second {
            return Some(&name[..second]);
        }
        if self.surnames.contains(&name[..first]) {
            return Some(&name[..first]);
        }
        None
    }

    /// The longest organisation suffix `word` ends with, if any.
    pub fn org_suffix_of<'a>(&self, word: &'a str) -> Option<&'a str> {
        longest_suffix(word, self.org_suffix_max, &self.org_suffixes)
    }

    /// Whether `text` ends with a role word (副部长, CEO, 记者 …).
    pub fn ends_with_role(&self, text: &str) -> bool {
        let mut starts = text.char_indices().rev().map(|(i, _)| i);
        (0..self.role_max).any(|_| {
            starts
                .next()
                .is_some_and(|i| self.roles.contains(&text[i..]))
        })
    }

    /// The longest place suffix `word` ends with, if any.
    pub fn place_suffix_of<'a>(&self, word: &'a str) -> Option<&'a str> {
        longest_suffix(word, 5, &self.place_suffixes)
    }
}

/// The longest suffix of `word`, of at most `max` characters, that `set`
/// holds: tried from the longest down, without collecting the word's
/// character offsets.
fn longest_suffix<'a>(word: &'a str, max: usize, set: &HashSet<&'static str>) -> Option<&'a str> {
    let mut start = match max.checked_sub(1) {
        Some(k) => word.char_indices().rev().nth(k).map_or(0, |(i, _)| i),
        None => return None,
    };
    while start < word.len() {
        let s = &word[start..];
        if set.contains(s) {
            return Some(s);
        }
        start += s.chars().next().map_or(1, char::len_utf8);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load() {
        let lex = Lexicon::load();
        assert!(lex.surnames.contains("裘") && lex.surnames.contains("欧阳"));
        assert_eq!(lex.surname_of("欧阳修"), Some("欧阳"));
        assert_eq!(lex.surname_of("郑健麟"), Some("郑"));
        assert_eq!(lex.surname_of("阿"), Some("阿"));
        assert_eq!(
            lex.org_suffix_of("上海淘璞电子商务有限公司"),
            Some("有限公司")
        );
        assert_eq!(lex.org_suffix_of("杨浦区委"), Some("区委"));
        assert_eq!(lex.place_suffix_of("杨浦区"), Some("区"));
        assert!(lex.places.contains("杨浦") && lex.orgs.contains("新华社"));
        assert!(lex.loc_abbrev.contains(&'华') && lex.travel_prefix.contains(&'访'));
        assert!(lex.gazetteer_max >= 8);
    }
}
