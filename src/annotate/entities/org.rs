//! ORG by suffix: a word ending in an organisation suffix (有限公司 集团 委
//! 局 办 协会 党委 大学 网 银行 医院 队 …) absorbs the name words before
//! it — places, names, abbreviations, words jieba had to guess, and the
//! ordinary nouns between them (上海|淘璞|电子商务|有限公司,
//! 汉海|信息技术|(上海)|有限公司, 杨浦区|委). The leftmost absorbed word must
//! be a name-like word (the anchor); plain nouns before the anchor stay
//! outside (平台|阅文|集团 → 阅文集团).

use super::lexicon::{CharSet, List, ends_in_division};
use super::{Candidates, Label, Lexicon, Sent, Source, Tok};
use std::sync::LazyLock;

/// Most words an organisation name spans before its suffix word.
const MAX_WORDS: usize = 8;

/// Suffixes of party and union units: they do not absorb a company name
/// before them (上海微盟科技股份有限公司|联合党支部 stays two things).
const UNIT_SUFFIXES: &[&str] = &[
    "党委",
    "党支部",
    "党总支",
    "总支",
    "支部",
    "工会",
    "团委",
    "党组",
];
/// Company suffixes that such units stop at.
const COMPANY_ENDS: &[&str] = &["公司", "集团"];

/// One-character prefixes that make a bare suffix word an organisation
/// (市委, 省政府, 区委, 县公安局).
const ADMIN_PREFIXES: &str = "省市县区镇乡村州国中党团";

pub(super) fn find(sent: &Sent, lex: &Lexicon, out: &mut Candidates) {
    let n = sent.toks.len();
    for i in 0..n {
        let t = &sent.toks[i];
        // The head of an office glued to its role (农林|部长, 日报|社长):
        // the organisation ends before 长, and needs a name before it.
        // Not after a word that already ends in that head (日报社|社长).
        let head_role = t.chars == 2
            && t.word.ends_with('长')
            && t.word.chars().next().is_some_and(|head| {
                HEAD_ROLES.contains(&head)
                    && i.checked_sub(1).is_some_and(|k| {
                        let p = sent.toks[k];
                        p.chars >= 2
                            && matches!(p.pos, "n" | "vn" | "ns" | "nz" | "j")
                            && !p.word.ends_with(head)
                    })
            });
        // (A copy of the token only where it is cut.)
        let cut;
        let t = if head_role {
            cut = Tok {
                end: t.end - '长'.len_utf8(),
                word: &t.word[..t.word.len() - '长'.len_utf8()],
                ..*t
            };
            &cut
        } else if t.is(List::Role) {
            continue;
        } else {
            t
        };
        // Generic heads (公司, 学院, 中学) are not organisations alone but
        // end one after a name (中国|新闻|学院); other excluded words
        // (社会, 到处) never do.
        let bare_head = head_role || t.is(List::NotOrg);
        if bare_head && !head_role && !BARE_HEADS.contains(&t.word) {
            continue;
        }
        // A role glued to its organisation: 市委书记 → 市委, 司法部长 → 司法部.
        if let Some(org_end) = glued_role(t, lex) {
            // With the place or scope before it: 美国|财政部长 → 美国财政部.
            let start = match i.checked_sub(1).map(|k| sent.toks[k]) {
                Some(p) if is_place_word(&p, lex) || SCOPE_WORDS.contains(&p.word) => p.start,
                _ => t.start,
            };
            out.push(start, t.start + org_end, Label::Org, Source::Rule, 0.7);
            continue;
        }
        if matches!(
            t.pos,
            "f" | "s" | "t" | "m" | "v" | "d" | "a" | "ad" | "r" | "p"
        ) {
            continue; // 西北部, 到处 …
        }
        // The word's suffix, looked up with the word (but of the word
        // without its 长 for a head glued to its role).
        let found = if head_role {
            super::org_suffix(t.word, lex)
        } else {
            t.org_suffix(lex)
        };
        let Some((suffix, is_venue)) = found else {
            continue;
        };
        let venue = is_venue.then_some(suffix);
        let strong = suffix.chars().count() >= 2;
        let inner = &t.word[..t.word.len() - suffix.len()];
        let unit = UNIT_SUFFIXES.contains(&suffix);
        let known_org = t.is(List::Org);
        // Walk left over the words the name may contain.
        let mut anchor: Option<usize> = None;
        let mut k = i;
        let mut steps = 0;
        while k > 0 && steps < MAX_WORDS {
            // A parenthesised place: 汉海信息技术(上海)有限公司.
            if k >= 3
                && is_close(sent.word(k - 1))
                && is_open(sent.word(k - 3))
                && is_place_word(&sent.toks[k - 2], lex)
            {
                k -= 3;
                steps += 1;
                continue;
            }
            let p = sent.toks[k - 1];
            // Words that never stand inside a name (中美两国|有关|公司).
            if INNER_STOP.contains(&p.word) {
                break;
            }
            if unit && COMPANY_ENDS.iter().any(|c| p.word.ends_with(c)) {
                break;
            }
            // A known organisation (新华社, 财政部) takes only a place before it
            // (美国财政部), not whatever word jieba glued before it.
            if known_org
                && !is_place_word(&p, lex)
                && !SCOPE_WORDS.contains(&p.word)
                && p.pos != "nt"
            {
                break;
            }
            // A one-character suffix inside an ordinary word (组队, 战队)
            // does not swallow a whole organisation before it (中国队|组队).
            if !strong
                && inner.chars().count() == 1
                && p.pos == "nt"
                && lex.org_suffix_of(p.word).is_some()
            {
                break;
            }
            // A venue keeps the place before its own name apart
            // (上海|虹口体育馆, 北京|人民大会堂).
            if venue.is_some() && (k < i || !inner.is_empty()) && is_place_word(&p, lex) {
                break;
            }
            // A verb inside a long name (法国|雇主|协会, 警察|工会): only
            // before a strong suffix and after a name-like word or noun.
            let verb_inside = strong && p.pos == "v" && p.chars == 2 && k >= 2 && {
                let q = &sent.toks[k - 2];
                (is_anchor(q, lex) || is_inner(q))
                    && q.pos != "eng"
                    && lex.org_suffix_of(q.word).is_none()
            };
            // Only the nearest of nested divisions belongs to the name
            // (长沙市|芙蓉区人民法院, 平度市|崔马镇供销社).
            let division = is_division(&p, lex);
            if division && k < i && is_division(&sent.toks[k], lex) {
                break;
            }
            if division || is_anchor(&p, lex) || p.is(List::AdminSuffix) && p.chars == 1 {
                anchor = Some(k - 1);
            } else if !is_inner(&p) && !verb_inside {
                break;
            }
            k -= 1;
            steps += 1;
        }
        // The first word of the name: the anchor, a one-character division
        // before it (市|青年志愿者协会, 县|人大), or the suffix word alone.
        let first = anchor.unwrap_or(i);
        let first = match first.checked_sub(1) {
            Some(d) if sent.toks[d].chars == 1 && sent.toks[d].is(List::AdminSuffix) => Some(d),
            _ => anchor,
        };
        let start = match first {
            // A word jieba made up may start with a preposition (由市|国有…).
            Some(a) => {
                let t = sent.toks[a];
                match t.word.chars().next() {
                    Some(c)
                        if !t.known && t.chars >= 2 && "由在和与向对从把被将为于及".contains(c) =>
                    {
                        t.start + c.len_utf8()
                    }
                    _ => t.start,
                }
            }
            None if bare_head => continue,
            None => {
                // The suffix word alone: an organisation when its own
                // prefix names one (杨浦区委, 市委, 外交部 tagged nt).
                let ok = !inner.is_empty()
                    && (t.pos == "nt"
                        || lex.places.contains(inner)
                        || lex.orgs.contains(inner)
                        || (inner.chars().count() == 1 && ADMIN_PREFIXES.contains(inner)));
                if !ok {
                    continue;
                }
                t.start
            }
        };
        let conf = if strong { 0.85 } else { 0.7 };
        let label = if venue.is_some() {
            Label::Loc
        } else {
            Label::Org
        };
        if label == Label::Loc
            && let Some(pieces) = lex.place_pieces(&sent.text[start..t.end])
        {
            for (a, b) in pieces {
                out.push(start + a, start + b, label, Source::Rule, conf);
            }
            continue;
        }
        let end = if label == Label::Org {
            central_end(sent, i, t.end)
        } else {
            t.end
        };
        out.push(start, end, label, Source::Rule, conf);
    }
    periodicals(sent, lex, out);
    // A party or body and its central organ: 致公党|中央, 民革|中央.
    for (i, t) in sent.toks.iter().enumerate() {
        if sent.word(i + 1) == "中央" && (t.pos == "nt" || t.is(List::Org)) {
            out.push(t.start, sent.toks[i + 1].end, Label::Org, Source::Rule, 0.7);
        }
    }
}

/// Words after a title that make it a periodical: 《时代》|周刊.
const PERIODICALS: &[&str] = &["周刊", "杂志", "月刊", "画报", "报", "日报", "晚报"];

/// A periodical with its place: 美国《时代》周刊, 华北《人民日报》. The
/// organisation takes in the title (which stays a WORK too).
fn periodicals(sent: &Sent, lex: &Lexicon, out: &mut Candidates) {
    for (i, t) in sent.toks.iter().enumerate() {
        if t.word != "《" {
            continue;
        }
        let Some(j) = (i + 1..sent.toks.len().min(i + 12)).find(|&j| sent.toks[j].word == "》")
        else {
            continue;
        };
        let title = sent.words(i + 1, j);
        let place = i
            .checked_sub(1)
            .filter(|&k| is_place_word(&sent.toks[k], lex));
        let kind = PERIODICALS.contains(&sent.word(j + 1));
        let named_paper = title.ends_with('报') || title.ends_with("周刊");
        if !(kind || place.is_some() && named_paper) || title.is_empty() {
            continue;
        }
        let start = place.map_or(t.start, |k| sent.toks[k].start);
        let end = if kind {
            sent.toks[j + 1].end
        } else {
            sent.toks[j].end
        };
        out.push(start, end, Label::Org, Source::Rule, 0.8);
    }
}

/// Where an organisation ending at token `i` (byte `end`) ends once a
/// following 中央 (its central organ) is taken in.
fn central_end(sent: &Sent, i: usize, end: usize) -> usize {
    match sent.toks.get(i + 1) {
        Some(n) if n.word == "中央" && n.start == end => n.end,
        _ => end,
    }
}

/// A name ending in an administrative division (芙蓉区, 崔马镇), as a place
/// word, a name jieba took for a person's, or a word it made up.
fn is_division(t: &Tok, lex: &Lexicon) -> bool {
    t.chars >= 2
        && ends_in_division(t.word)
        && (is_place_word(t, lex) || matches!(t.pos, "nr" | "nrt" | "nz") || !t.known)
}

fn is_open(w: &str) -> bool {
    w == "(" || w == "（"
}

fn is_close(w: &str) -> bool {
    w == ")" || w == "）"
}

fn is_place_word(t: &Tok, lex: &Lexicon) -> bool {
    t.is_place(lex)
}

/// Generic heads that end an organisation's name only after a name
/// (中国|新闻|学院, 北京|九十|中学), never alone.
const BARE_HEADS: &[&str] = &[
    "公司", "集团", "大学", "学院", "中学", "小学", "学校", "银行", "医院", "法院", "基金",
];

/// Words that never stand inside an organisation's name (中美两国有关公司).
const INNER_STOP: &[&str] = &["有关", "两国", "各国", "所属", "全国性", "其他", "一些"];

/// Heads of offices whose chief (部长, 社长) jieba writes as one word.
const HEAD_ROLES: [char; 5] = ['部', '局', '厅', '署', '社'];

/// Words that open the names of national and international bodies.
const SCOPE_WORDS: &[&str] = &["国家", "中央", "全国", "国际", "世界", "联合国"];

/// For a role word glued to an organisation (市委书记, 司法部长, 县委副书记),
/// the byte length of the organisation part.
fn glued_role(t: &Tok, lex: &Lexicon) -> Option<usize> {
    if t.chars < 3 {
        return None;
    }
    // (Only a word ending like a role word can end in one.)
    if lex.may_end_role(t.word) {
        for (cut, _) in t.word.char_indices().skip(2) {
            let (org, role) = t.word.split_at(cut);
            if lex.orgs.contains(org) && lex.is_role(role) {
                return Some(cut);
            }
        }
    }
    // 司法部长: an organisation suffix character, then 长.
    let stem = t.word.strip_suffix('长')?;
    let last = stem.chars().last()?;
    (t.chars >= 4 && "部局厅署处".contains(last) && !lex.not_org.contains(stem))
        .then_some(stem.len())
}

/// Name-like words that can start an organisation's name.
fn is_anchor(t: &Tok, lex: &Lexicon) -> bool {
    if SCOPE_WORDS.contains(&t.word) {
        return true;
    }
    if t.is(List::Role) || t.is(List::NotOrg) {
        return false;
    }
    matches!(t.pos, "ns" | "nrt" | "nt" | "j" | "eng")
        || (t.pos == "nz" && lex.org_suffix_of(t.word).is_some())
        || t.is(List::Place)
        || t.is(List::Org)
        || (!t.known
            && t.chars >= 2
            && !matches!(
                t.pos,
                "a" | "ad" | "d" | "v" | "p" | "c" | "u" | "r" | "m" | "q" | "t" | "f"
            ))
}

/// One-character administrative units.
static UNIT_CHARS: LazyLock<CharSet> = LazyLock::new(|| CharSet::of("省市县区镇乡村州"));

/// Ordinary words that can stand inside a name (电子商务, 信息技术, 股份).
fn is_inner(t: &Tok) -> bool {
    // An ordinal session: 香港|首届|立法会.
    if t.word.ends_with('届') && (t.word.starts_with('第') || t.word.starts_with('首')) {
        return true;
    }
    if t.chars == 1 {
        // 青禾|县|商务局: an administrative unit between name and suffix.
        return UNIT_CHARS.is_one_of(t.word);
    }
    !t.is(List::Role) && matches!(t.pos, "n" | "vn" | "b" | "an" | "nz" | "l" | "nr" | "nrfg")
}
