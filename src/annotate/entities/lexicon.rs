//! The entity word lists in `data/entities/`, loaded once into sets.

use super::Label;
use crate::annotate::tokens::data_lines;
use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

const SURNAMES: &str = include_str!("../../../data/entities/surnames.txt");
const ROLES: &str = include_str!("../../../data/entities/roles.txt");
const JAPANESE_SURNAMES: &str = include_str!("../../../data/entities/japanese_surnames.txt");
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

/// Administrative divisions: a name before one of these is a place even
/// when jieba guessed the name (塔科马|市, 青禾|县).
pub const ADMIN_SUFFIXES: &[&str] = &[
    "省",
    "市",
    "县",
    "区",
    "镇",
    "乡",
    "村",
    "州",
    "新区",
    "自治区",
    "自治州",
    "自治县",
];

/// Other place suffixes: a place name followed by one of these is a place
/// too (上海|路, 浦东|新区, 青海|湖).
const PLACE_SUFFIXES: &[&str] = &[
    "盟",
    "旗",
    "路",
    "街",
    "道",
    "巷",
    "里",
    "弄",
    "街道",
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

/// Whether `word` ends in a one-character administrative division (区, 镇).
pub fn ends_in_division(word: &str) -> bool {
    word.chars()
        .next_back()
        .is_some_and(|c| DIVISION_CHARS.contains(c))
}

/// The one-character [`ADMIN_SUFFIXES`].
static DIVISION_CHARS: LazyLock<CharSet> = LazyLock::new(|| {
    CharSet::new(ADMIN_SUFFIXES.iter().filter_map(|s| {
        let mut cs = s.chars();
        cs.next().filter(|_| cs.next().is_none())
    }))
});

/// Last characters of words that name places or things, never people
/// (伍德县, 高新区, 坂子矶, 玉兰树): the person rules veto names ending so.
pub const NOT_NAME_ENDS: &str = "县区镇乡村省市州矶庙寺宫堡街杯树台";

/// [`NOT_NAME_ENDS`] as a set.
pub static NOT_NAME_END_CHARS: LazyLock<CharSet> = LazyLock::new(|| CharSet::of(NOT_NAME_ENDS));

/// Whether `word` ends in one of [`NOT_NAME_ENDS`].
pub fn ends_not_name(word: &str) -> bool {
    word.chars()
        .next_back()
        .is_some_and(|c| NOT_NAME_END_CHARS.contains(c))
}

/// Whether a transliterated word ends like a place (伍德县, 埃舍德, 卡尔特星):
/// besides [`NOT_NAME_ENDS`], endings that Chinese given names do use
/// (火星, 福洲, 之路) but foreign names written in Chinese do not.
pub fn foreign_place_end(word: &str) -> bool {
    ends_not_name(word) || word.ends_with(|c| "星路港湾洲".contains(c))
}

/// Generic words glued to a place name: the place is the name alone.
const GEO_TAILS: &[&str] = &[
    "地区",
    "流域",
    "一带",
    "政府",
    "各国",
    "人民",
    "市民",
    "山水",
    "高原",
    "大峡谷",
    "马克",
    "卢比",
    "法郎",
];

/// Suffixes of buildings and sites: named like organisations, but places
/// (人民大会堂, 中国美术馆, 虹口体育馆, 广元火车站).
const BUILDINGS: &[&str] = &[
    "大厦",
    "大会堂",
    "大剧院",
    "剧院",
    "美术馆",
    "博物馆",
    "纪念馆",
    "档案馆",
    "图书馆",
    "展览馆",
    "体育馆",
    "体育场",
    "广场",
    "饭店",
    "宾馆",
    "机场",
    "火车站",
    "车站",
    "码头",
    "大桥",
    "公园",
];

/// The last characters of [`BUILDINGS`].
static BUILDING_ENDS: LazyLock<CharSet> =
    LazyLock::new(|| CharSet::new(BUILDINGS.iter().filter_map(|b| b.chars().next_back())));

/// The building suffix `word` ends with, if any (the longest).
pub fn building_suffix_of(word: &str) -> Option<&'static str> {
    if !word
        .chars()
        .next_back()
        .is_some_and(|c| BUILDING_ENDS.contains(c))
    {
        return None;
    }
    BUILDINGS
        .iter()
        .copied()
        .filter(|v| word.ends_with(v))
        .max_by_key(|v| v.len())
}

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

/// The word lists a word can be in, for questions asked of every token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Surname,
    JapaneseSurname,
    Role,
    PersonCue,
    NotPerson,
    CommonNsNt,
    NotOrg,
    Org,
    Person,
    Place,
    MajorPlace,
    PlaceSuffix,
    /// [`ADMIN_SUFFIXES`].
    AdminSuffix,
    /// [`super::pos::NOT_PERSON_HEADS`].
    NotPersonHead,
}

/// The lists one word is in, a bit per [`List`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lists(u32);

impl Lists {
    pub fn has(self, list: List) -> bool {
        self.0 & (1 << list as u32) != 0
    }
    fn add(&mut self, list: List) {
        self.0 |= 1 << list as u32;
    }
}

/// What the lexicon knows of one string: the lists it is in and its
/// gazetteer step. One hash lookup answers every list at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Entry {
    pub lists: Lists,
    pub step: GazetteerStep,
}

/// The index over the lists and the gazetteer (the three gazetteer lists
/// in order, the first list winning the label; every leading part of a
/// gazetteer entry is marked as going on).
fn word_index(
    gazetteer: [(&HashSet<&'static str>, Label); 3],
    lists: &[(&HashSet<&'static str>, List)],
) -> HashMap<&'static str, Entry> {
    let mut index: HashMap<&'static str, Entry> = HashMap::default();
    for (list, label) in gazetteer {
        for &w in list {
            let step = &mut index.entry(w).or_default().step;
            step.label = step.label.or(Some(label));
            for (k, _) in w.char_indices().skip(1) {
                index.entry(&w[..k]).or_default().step.longer = true;
            }
        }
    }
    for &(set, list) in lists {
        for &w in set {
            index.entry(w).or_default().lists.add(list);
        }
    }
    index
}

pub use crate::annotate::charset::CharSet;
pub(crate) use crate::text::wordmap::WordMap;

/// The word lists the entity rules consult.
#[derive(Debug)]
pub struct Lexicon {
    pub surnames: HashSet<&'static str>,
    /// Characters (of the Basic Multilingual Plane) that are a surname
    /// alone, and those that start a two-character surname: bitmaps that
    /// answer [`Lexicon::surname_of`] mostly without hashing.
    surname_chars: CharSet,
    compound_surname_starts: CharSet,
    compound_surname_seconds: CharSet,
    /// The last characters of organisation suffixes, place suffixes and
    /// role words: a word ending otherwise has none of them.
    org_suffix_ends: Endings,
    place_suffix_ends: Endings,
    role_ends: Endings,
    pub roles: HashSet<&'static str>,
    /// Common Japanese family names of two characters (山田, 佐藤).
    pub japanese_surnames: HashSet<&'static str>,
    /// Their first characters.
    pub japanese_surname_starts: CharSet,
    /// Longest role word, in characters.
    pub role_max: usize,
    /// Words that look like names but are not (own list plus jieba `nr`
    /// words CC-CEDICT knows only as ordinary words).
    pub not_person: HashSet<&'static str>,
    /// Characters common in given names.
    pub given_chars: CharSet,
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
    /// Every word of the lists above and every gazetteer entry (`orgs`,
    /// `places`, `people`) with every leading part of one: one lookup per
    /// word answers all the lists, and drives a longest-match walk over
    /// the gazetteer that stops as soon as no entry goes on.
    index: WordMap<'static, Entry>,
    /// The first characters of the index's words: a word starting
    /// otherwise (punctuation, digits) is in none of the lists.
    index_starts: CharSet,
    /// The index's entries of one character, by character from
    /// `single_lo` on: most words are of one character, and a table
    /// answers them without hashing.
    single: Vec<Entry>,
    single_lo: u32,
    /// The one-character words of the surname list, as a bit set (what
    /// [`Lexicon::is_surname_char`] asks of every character).
    single_surnames: CharSet,
    /// One-character short forms of places (中 美 京 沪 …).
    pub loc_abbrev: CharSet,
    /// Characters of travel and location verbs before a short form (访华 抵京).
    pub travel_prefix: CharSet,
}

impl Lexicon {
    pub fn load() -> Self {
        let mut abbrev_lines = data_lines(LOC_ABBREV);
        let chars = |line: Option<&'static str>| {
            CharSet::new(
                line.into_iter()
                    .flat_map(str::split_whitespace)
                    .filter_map(|w| w.chars().next()),
            )
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
        let building = |w: &&str| building_suffix_of(w).is_some();
        let orgs: HashSet<_> = own_orgs
            .iter()
            .copied()
            .chain(words(CEDICT_ORGS).filter(|w| {
                !own_places.contains(w) && !not_org.contains(w) && !doctrine(w) && !building(w)
            }))
            .collect();
        let org_suffixes = set(ORG_SUFFIXES);
        // Fleets and units that CC-CEDICT files under places (北海舰队):
        // the suffixes of two characters or more, counted once rather than
        // for every place name (that count was most of the load).
        let long_org_suffixes: Vec<&str> = org_suffixes
            .iter()
            .copied()
            .filter(|s| s.chars().nth(1).is_some())
            .collect();
        let unit = |w: &&str| {
            long_org_suffixes
                .iter()
                .any(|s| w.len() > s.len() && w.ends_with(s))
        };
        let places: HashSet<_> = own_places
            .iter()
            .copied()
            .chain(words(CEDICT_ORGS).filter(building))
            .chain(words(CEDICT_PLACES).filter(|w| {
                // 中美 is China and the US far more often than Central America.
                let pair = w.chars().count() == 2 && w.chars().all(|c| loc_abbrev.contains(c));
                !own_orgs.contains(w) && !doctrine(w) && !pair && (building(w) || !unit(w))
            }))
            .collect();
        let people: HashSet<_> = words(CEDICT_PEOPLE)
            .filter(|w| !orgs.contains(w) && !places.contains(w))
            .collect();
        let gazetteer_max = orgs
            .iter()
            .chain(places.iter())
            .chain(people.iter())
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0);
        let org_suffix_max = org_suffixes
            .iter()
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0);
        let surnames = set(SURNAMES);
        let surname_chars = CharSet::new(surnames.iter().filter_map(|s| {
            let mut cs = s.chars();
            cs.next().filter(|_| cs.next().is_none())
        }));
        let compound_surname_starts = CharSet::new(
            surnames
                .iter()
                .filter(|s| s.chars().count() == 2)
                .filter_map(|s| s.chars().next()),
        );
        let compound_surname_seconds = CharSet::new(
            surnames
                .iter()
                .filter(|s| s.chars().count() == 2)
                .filter_map(|s| s.chars().nth(1)),
        );
        let roles = set(ROLES);
        let place_suffixes: HashSet<&'static str> = ADMIN_SUFFIXES
            .iter()
            .chain(PLACE_SUFFIXES)
            .copied()
            .collect();
        let japanese_surnames = set(JAPANESE_SURNAMES);
        let person_cues = set(PERSON_CUES);
        let not_person: HashSet<&'static str> = words(NOT_PERSON).chain(words(COMMON_NR)).collect();
        let common_ns_nt = set(COMMON_NS_NT);
        let index = word_index(
            [
                (&orgs, Label::Org),
                (&places, Label::Loc),
                (&people, Label::Per),
            ],
            &[
                (&surnames, List::Surname),
                (&japanese_surnames, List::JapaneseSurname),
                (&roles, List::Role),
                (&person_cues, List::PersonCue),
                (&not_person, List::NotPerson),
                (&common_ns_nt, List::CommonNsNt),
                (&not_org, List::NotOrg),
                (&orgs, List::Org),
                (&people, List::Person),
                (&places, List::Place),
                (&own_places, List::MajorPlace),
                (&place_suffixes, List::PlaceSuffix),
                (&ADMIN_SUFFIXES.iter().copied().collect(), List::AdminSuffix),
                (
                    &super::pos::NOT_PERSON_HEADS.iter().copied().collect(),
                    List::NotPersonHead,
                ),
            ],
        );
        let index_starts = CharSet::new(index.keys().filter_map(|w| w.chars().next()));
        let one_char = |w: &str| {
            let mut cs = w.chars();
            cs.next().filter(|_| cs.next().is_none()).map(u32::from)
        };
        let single_lo = index.keys().filter_map(|w| one_char(w)).min().unwrap_or(0);
        let single_hi = index.keys().filter_map(|w| one_char(w)).max().unwrap_or(0);
        let mut single = vec![Entry::default(); (single_hi - single_lo) as usize + 1];
        for (w, e) in &index {
            if let Some(slot) = one_char(w).and_then(|c| single.get_mut((c - single_lo) as usize)) {
                *slot = *e;
            }
        }
        let single_surnames = CharSet::new(
            index
                .iter()
                .filter(|(w, e)| one_char(w).is_some() && e.lists.has(List::Surname))
                .filter_map(|(w, _)| w.chars().next()),
        );
        Lexicon {
            index_starts,
            single,
            single_lo,
            single_surnames,
            org_suffix_ends: Endings::new(&org_suffixes),
            place_suffix_ends: Endings::new(&place_suffixes),
            role_ends: Endings::new(&roles),
            surnames,
            surname_chars,
            compound_surname_starts,
            compound_surname_seconds,
            role_max: words(ROLES).map(|w| w.chars().count()).max().unwrap_or(0),
            roles,
            japanese_surname_starts: CharSet::new(
                japanese_surnames.iter().filter_map(|w| w.chars().next()),
            ),
            japanese_surnames,
            not_person,
            given_chars: CharSet::new(words(GIVEN_CHARS).flat_map(str::chars)),
            org_suffixes,
            org_suffix_max,
            not_org,
            orgs,
            places,
            major_places: own_places,
            people,
            place_suffixes,
            gazetteer_max,
            index: index.into_iter().collect(),
            loc_abbrev,
            travel_prefix,
        }
    }

    /// What the lexicon knows of `word`.
    pub fn entry(&self, word: &str) -> Entry {
        let mut cs = word.chars();
        match (cs.next(), cs.next()) {
            (Some(c), None) => {
                let k = u32::from(c).wrapping_sub(self.single_lo) as usize;
                self.single.get(k).copied().unwrap_or_default()
            }
            (Some(c), Some(_)) if self.index_starts.contains(c) => {
                self.index.get(word).copied().unwrap_or_default()
            }
            _ => Entry::default(),
        }
    }

    /// What the lexicon knows of the one-character word `c` (as
    /// [`Lexicon::entry`] of it, without making it a string).
    pub fn entry_char(&self, c: char) -> Entry {
        let k = u32::from(c).wrapping_sub(self.single_lo) as usize;
        self.single.get(k).copied().unwrap_or_default()
    }

    /// Whether the one-character word `c` is in the surname list: as
    /// `entry_char(c).lists.has(List::Surname)`, from a table of 4 KB that
    /// stays in the cache.
    pub fn is_surname_char(&self, c: char) -> bool {
        self.single_surnames.contains(c)
    }

    /// Whether `word` is in `list`.
    pub fn is(&self, word: &str, list: List) -> bool {
        self.entry(word).lists.has(list)
    }

    /// The surname `name` starts with (compound surnames first), if any.
    pub fn surname_of<'a>(&self, name: &'a str) -> Option<&'a str> {
        let mut chars = name.chars();
        let c = chars.next()?;
        let first = c.len_utf8();
        if self.compound_surname_starts.contains(c)
            && let Some(c2) = chars.next()
            && self.compound_surname_seconds.contains(c2)
        {
            let second = first + c2.len_utf8();
            if name.len() > second && self.surnames.contains(&name[..second]) {
                return Some(&name[..second]);
            }
        }
        self.surname_chars.contains(c).then(|| &name[..first])
    }

    /// Whether `c` starts a compound surname (欧 of 欧阳): where
    /// [`Lexicon::surname_of`] reads past a surname's first character.
    pub fn may_start_compound_surname(&self, c: char) -> bool {
        self.compound_surname_starts.contains(c)
    }

    /// The longest organisation suffix `word` ends with, if any.
    pub fn org_suffix_of<'a>(&self, word: &'a str) -> Option<&'a str> {
        longest_suffix(
            word,
            self.org_suffix_max,
            &self.org_suffixes,
            &self.org_suffix_ends,
        )
    }

    /// Whether `text` may end with a role word: false when no role word
    /// ends with its last character.
    pub fn may_end_role(&self, text: &str) -> bool {
        self.role_ends.of(text) != Ending::None
    }

    /// Whether `word` is a role word (checking its last characters first).
    pub fn is_role(&self, word: &str) -> bool {
        match self.role_ends.of(word) {
            Ending::None => false,
            // Only a one-character word can be one.
            Ending::One => word.chars().nth(1).is_none(),
            Ending::Longer => self.roles.contains(word),
        }
    }

    /// Whether `text` ends with a role word (副部长, CEO, 记者 …).
    pub fn ends_with_role(&self, text: &str) -> bool {
        let mut starts = text.char_indices().rev().map(|(i, _)| i);
        match self.role_ends.of(text) {
            Ending::None => false,
            Ending::One => true,
            // A one-character role, or one of two characters or more.
            Ending::Longer => {
                starts.next();
                let last = text.chars().next_back();
                last.is_some_and(|c| self.role_ends.single.contains(c))
                    || (1..self.role_max).any(|_| {
                        starts
                            .next()
                            .is_some_and(|i| self.roles.contains(&text[i..]))
                    })
            }
        }
    }

    /// The places a word names when it is not one place as written: two
    /// places glued (北京|王府井, 北京|人民大会堂), a place with a generic
    /// tail (东北|地区, 桂林|山水), two short forms before one (青|藏|高原).
    /// Byte ranges into `word`; `None` when the word is one place.
    pub fn place_pieces(&self, word: &str) -> Option<Vec<(usize, usize)>> {
        if let Some(stem) = GEO_TAILS.iter().find_map(|g| word.strip_suffix(g))
            && stem.chars().count() >= 2
        {
            let short: Vec<(usize, char)> = stem.char_indices().collect();
            if short.len() == 2 && short.iter().all(|&(_, c)| self.loc_abbrev.contains(c)) {
                return Some(short.iter().map(|&(k, c)| (k, k + c.len_utf8())).collect());
            }
            return Some(vec![(0, stem.len())]);
        }
        word.char_indices()
            .map(|(k, _)| k)
            .skip(2)
            .filter(|&k| word[k..].chars().count() >= 2)
            .find(|&k| self.major_places.contains(&word[..k]) && self.places.contains(&word[k..]))
            .map(|k| vec![(0, k), (k, word.len())])
    }

    /// The longest place suffix `word` ends with, if any.
    pub fn place_suffix_of<'a>(&self, word: &'a str) -> Option<&'a str> {
        longest_suffix(word, 5, &self.place_suffixes, &self.place_suffix_ends)
    }
}

/// The last characters of a list of words, to answer from a word's last
/// two characters whether it can end with one of them, mostly without
/// hashing: the last characters of all of them, the one-character words,
/// and the next-to-last characters of the longer ones.
#[derive(Debug)]
struct Endings {
    last: CharSet,
    single: CharSet,
    penult: CharSet,
}

/// What [`Endings::of`] knows of a word's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// No word of the list ends it.
    None,
    /// Only a one-character word of the list can end it, and one does.
    One,
    /// A word of two characters or more may end it (a one-character word
    /// may too).
    Longer,
}

impl Endings {
    fn new(words: &HashSet<&'static str>) -> Endings {
        let nth_back = |w: &str, k: usize| w.chars().rev().nth(k);
        Endings {
            last: CharSet::new(words.iter().filter_map(|w| nth_back(w, 0))),
            single: CharSet::new(
                words
                    .iter()
                    .filter(|w| w.chars().nth(1).is_none())
                    .filter_map(|w| nth_back(w, 0)),
            ),
            penult: CharSet::new(words.iter().filter_map(|w| nth_back(w, 1))),
        }
    }

    fn of(&self, word: &str) -> Ending {
        let mut cs = word.chars().rev();
        match cs.next() {
            Some(last) if self.last.contains(last) => {
                if cs.next().is_some_and(|c| self.penult.contains(c)) {
                    Ending::Longer
                } else if self.single.contains(last) {
                    Ending::One
                } else {
                    Ending::None
                }
            }
            _ => Ending::None,
        }
    }
}

/// The longest suffix of `word`, of at most `max` characters, that `set`
/// holds: tried from the longest down, without collecting the word's
/// character offsets (and only the last character when no longer one
/// can end it).
fn longest_suffix<'a>(
    word: &'a str,
    max: usize,
    set: &HashSet<&'static str>,
    ends: &Endings,
) -> Option<&'a str> {
    match ends.of(word) {
        Ending::None => return None,
        Ending::One if max >= 1 => {
            let k = word.char_indices().next_back().map_or(0, |(k, _)| k);
            return Some(&word[k..]);
        }
        _ => {}
    }
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
        assert!(lex.loc_abbrev.contains('华') && lex.travel_prefix.contains('访'));
        assert!(lex.gazetteer_max >= 8);
        assert!(lex.ends_with_role("市委组织部副部长") && lex.ends_with_role("公司CEO"));
        assert!(!lex.ends_with_role("") && !lex.ends_with_role("部长们"));
        assert_eq!(lex.org_suffix_of("你好"), None);
        assert_eq!(lex.place_suffix_of(""), None);
        assert_eq!(lex.surname_of("司马光"), Some("司马"));
        assert_eq!(lex.surname_of("司马"), Some("司"));
        assert_eq!(lex.surname_of("的确"), None);
        assert_eq!(lex.surname_of(""), None);
        assert_eq!(lex.surname_of("𠀀王"), None);
    }

    #[test]
    fn the_surname_bit_set_answers_as_the_entry_of_each_character() {
        let lex = Lexicon::load();
        let chars = ('\u{0}'..='\u{ffff}').chain(['\u{20000}', '\u{2a6d6}']);
        let mut surnames = 0;
        for c in chars {
            let listed = lex.entry_char(c).lists.has(List::Surname);
            assert_eq!(lex.is_surname_char(c), listed, "{c}");
            surnames += usize::from(listed);
        }
        assert!(lex.is_surname_char('王') && lex.is_surname_char('裘'));
        assert!(!lex.is_surname_char('的') && !lex.is_surname_char('a'));
        assert!(surnames > 100, "{surnames}");
    }

    #[test]
    fn gazetteer_index_marks_entries_and_their_beginnings() {
        let lex = Lexicon::load();
        let step = |w: &str| lex.entry(w).step;
        assert_eq!(step("新华社").label, Some(Label::Org));
        assert_eq!(step("杨浦").label, Some(Label::Loc));
        assert!(step("新华").longer);
        assert_eq!(step("新华社不存在的词"), GazetteerStep::default());
    }

    #[test]
    fn word_chars_match_char_indices() {
        for w in [
            "",
            "中",
            "上海淘璞电子商务有限公司",
            "a𠀀中文😀b",
            "一二三四五六七八",
        ] {
            let expected: Vec<(usize, char)> = w.char_indices().collect();
            assert_eq!(
                &*super::super::WordChars::new(w),
                expected.as_slice(),
                "{w}"
            );
        }
    }
}
