//! Pinyin: CC-CEDICT's tone numbers (`lu:4 se4`) → tone marks (`lǜsè`), and
//! tone classes for colouring.
//!
//! Placement of the mark follows the standard rule: on `a` or `e` when
//! present, on the `o` of `ou`, otherwise on the last vowel. `u:` and `v`
//! are `ü`. Tone 5 (neutral) has no mark.

/// One syllable of a reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Syllable {
    /// With its tone mark: `háng`. Non-syllables (`A`, `,`) as written.
    pub text: String,
    /// 1–4, 5 for the neutral tone, 0 for something that is not a pinyin
    /// syllable (a Latin letter, punctuation).
    pub tone: u8,
}

impl Syllable {
    /// The colour class of the tone (see [`ToneClass`]).
    pub fn class(&self) -> ToneClass {
        ToneClass::from_tone(self.tone)
    }
}

/// Tone colour classes: the usual scheme is tone 1 red, 2 orange, 3 green,
/// 4 blue, neutral grey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ToneClass {
    First,
    Second,
    Third,
    Fourth,
    Neutral,
    /// Not a syllable: no colour.
    None,
}

impl ToneClass {
    pub fn from_tone(tone: u8) -> ToneClass {
        match tone {
            1 => ToneClass::First,
            2 => ToneClass::Second,
            3 => ToneClass::Third,
            4 => ToneClass::Fourth,
            5 => ToneClass::Neutral,
            _ => ToneClass::None,
        }
    }
}

const MARKS: [(char, [char; 4]); 12] = [
    ('a', ['ā', 'á', 'ǎ', 'à']),
    ('e', ['ē', 'é', 'ě', 'è']),
    ('i', ['ī', 'í', 'ǐ', 'ì']),
    ('o', ['ō', 'ó', 'ǒ', 'ò']),
    ('u', ['ū', 'ú', 'ǔ', 'ù']),
    ('ü', ['ǖ', 'ǘ', 'ǚ', 'ǜ']),
    ('A', ['Ā', 'Á', 'Ǎ', 'À']),
    ('E', ['Ē', 'É', 'Ě', 'È']),
    ('I', ['Ī', 'Í', 'Ǐ', 'Ì']),
    ('O', ['Ō', 'Ó', 'Ǒ', 'Ò']),
    ('U', ['Ū', 'Ú', 'Ǔ', 'Ù']),
    ('Ü', ['Ǖ', 'Ǘ', 'Ǚ', 'Ǜ']),
];

fn marked(c: char, tone: u8) -> char {
    MARKS
        .iter()
        .find(|(base, _)| *base == c)
        .and_then(|(_, m)| m.get(usize::from(tone).wrapping_sub(1)).copied())
        .unwrap_or(c)
}

fn is_vowel(c: char) -> bool {
    matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u') || c == 'ü' || c == 'Ü'
}

/// Converts one numbered syllable (`hang2`, `lu:4`, `Chong2`, `r5`) to a
/// marked one. Anything that is not a numbered syllable comes back as it is
/// with tone 0.
pub fn syllable(numbered: &str) -> Syllable {
    let as_is = || Syllable {
        text: numbered.to_string(),
        tone: 0,
    };
    let Some(last) = numbered.chars().last() else {
        return as_is();
    };
    let Some(tone) = last.to_digit(10).filter(|d| (1..=5).contains(d)) else {
        return as_is();
    };
    let body = &numbered[..numbered.len() - 1];
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_alphabetic() || c == ':') {
        return as_is();
    }
    let body: String = body
        .replace("u:", "ü")
        .replace("U:", "Ü")
        .chars()
        .map(|c| match c {
            'v' => 'ü',
            'V' => 'Ü',
            c => c,
        })
        .collect();
    let tone = tone as u8;
    if tone == 5 {
        return Syllable { text: body, tone };
    }
    let chars: Vec<char> = body.chars().collect();
    let lower: Vec<char> = chars.iter().map(|c| c.to_ascii_lowercase()).collect();
    let target = lower
        .iter()
        .position(|&c| c == 'a' || c == 'e')
        .or_else(|| lower.windows(2).position(|w| w == ['o', 'u']))
        .or_else(|| chars.iter().rposition(|&c| is_vowel(c)));
    let text = match target {
        Some(i) => chars
            .iter()
            .enumerate()
            .map(|(j, &c)| if j == i { marked(c, tone) } else { c })
            .collect(),
        // m2, ng2, hm5: no vowel to carry the mark.
        None => body,
    };
    Syllable { text, tone }
}

/// Every syllable of a numbered reading (`yin2 hang2`), in order.
pub fn syllables(numbered: &str) -> Vec<Syllable> {
    numbered.split_whitespace().map(syllable).collect()
}

/// A whole reading with tone marks, syllables of one word run together
/// (`yin2 hang2` → `yínháng`, `Xi1 an1` → `Xī'ān`, `Chong2 qing4` →
/// `Chóngqìng`). Non-syllables stay separated by spaces (`san1 C` → `sān C`).
pub fn to_marks(numbered: &str) -> String {
    join(&syllables(numbered))
}

/// Joins syllables into one word: an apostrophe before a syllable starting
/// with a, e or o (the standard separator), spaces around non-syllables.
pub fn join(syllables: &[Syllable]) -> String {
    let mut out = String::new();
    let mut prev_tone: Option<u8> = None;
    for s in syllables {
        if let Some(p) = prev_tone {
            if p == 0 || s.tone == 0 {
                out.push(' ');
            } else if s.text.chars().next().is_some_and(starts_with_aeo) {
                out.push('\'');
            }
        }
        out.push_str(&s.text);
        prev_tone = Some(s.tone);
    }
    out
}

fn starts_with_aeo(c: char) -> bool {
    let base = MARKS
        .iter()
        .find(|(_, m)| m.contains(&c))
        .map_or(c, |(b, _)| *b);
    matches!(base.to_ascii_lowercase(), 'a' | 'e' | 'o')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_follow_the_placement_rule() {
        let cases = [
            ("hang2", "háng"),
            ("yin2", "yín"),
            ("shuo1", "shuō"),
            ("gui4", "guì"),  // last vowel of ui
            ("liu2", "liú"),  // last vowel of iu
            ("dou1", "dōu"),  // o of ou
            ("xue2", "xué"),  // e wins
            ("lu:4", "lǜ"),   // u: is ü
            ("nv3", "nǚ"),    // v is ü
            ("lu:e4", "lüè"), // e before ü
            ("Chong2", "Chóng"),
            ("Ou1", "Ōu"),
            ("er2", "ér"),
            ("de5", "de"),
            ("r5", "r"),
            ("m2", "m"),
        ];
        for (numbered, want) in cases {
            assert_eq!(syllable(numbered).text, want, "{numbered}");
        }
        assert_eq!(syllable("shuo1").tone, 1);
        assert_eq!(syllable("de5").class(), ToneClass::Neutral);
    }

    #[test]
    fn non_syllables_pass_through_with_tone_zero() {
        for s in ["A", "C", ",", "·", "", "xx", "a0", "7"] {
            let got = syllable(s);
            assert_eq!((got.text.as_str(), got.tone), (s, 0));
        }
    }

    #[test]
    fn words_run_together_with_apostrophes() {
        assert_eq!(to_marks("yin2 hang2"), "yínháng");
        assert_eq!(to_marks("hang2 ye4"), "hángyè");
        assert_eq!(to_marks("Chong2 qing4"), "Chóngqìng");
        assert_eq!(to_marks("Xi1 an1"), "Xī'ān");
        assert_eq!(to_marks("Tian1 an1 men2"), "Tiān'ānmén");
        assert_eq!(to_marks("san1 C"), "sān C");
        assert_eq!(to_marks("A A zhi4"), "A A zhì");
        assert_eq!(to_marks("nu:3 er2"), "nǚ'ér");
    }
}
