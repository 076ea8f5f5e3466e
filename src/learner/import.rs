//! Reading word lists from other programs: a plain list (one word a line),
//! an Anki export (tab-separated notes with `#` header lines) and a
//! Pleco or Skritter flashcard export (`头发[頭髮]<TAB>tou2fa5<TAB>…`, with
//! `//` category lines).
//!
//! One rule reads them all: in every line that is not a header or comment,
//! the first field (tab-, comma- or space-separated) holding a Han
//! character gives the word — its leading run of Han characters, after
//! HTML tags are removed; a bracketed alternative form (`头发[頭髮]`) is
//! taken too, so the word is known in both scripts.

use crate::dict::is_han;

/// Which kind of file it looked like (for the message after an import).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Plain,
    Anki,
    /// Pleco or Skritter.
    Flashcards,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Plain => "plain word list",
            Format::Anki => "Anki export",
            Format::Flashcards => "Pleco/Skritter flashcards",
        }
    }
}

/// The words of an imported file, each once, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub format: Format,
    pub words: Vec<String>,
    /// Lines with no Han word (skipped).
    pub skipped: usize,
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The leading run of Han characters of `s` (after leading spaces and
/// quotes), if any.
fn leading_han(s: &str) -> Option<&str> {
    let s = s.trim_start_matches(|c: char| c.is_whitespace() || "\"'“”「」".contains(c));
    let end = s
        .char_indices()
        .find(|&(_, c)| !is_han(c))
        .map_or(s.len(), |(i, _)| i);
    (end > 0).then(|| &s[..end])
}

/// The word(s) of one field: `头发[頭髮]` gives both forms.
fn field_words(field: &str) -> Vec<String> {
    let field = strip_tags(field);
    let Some(word) = leading_han(&field) else {
        return Vec::new();
    };
    let mut out = vec![word.to_string()];
    let rest = &field[field.find(word).map_or(0, |i| i + word.len())..];
    if let Some(alt) = rest
        .strip_prefix('[')
        .or_else(|| rest.strip_prefix('【'))
        .and_then(leading_han)
        && alt != word
    {
        out.push(alt.to_string());
    }
    out
}

fn detect(text: &str) -> Format {
    let lines = || text.lines().map(str::trim).filter(|l| !l.is_empty());
    if lines().any(|l| l.starts_with("#separator:") || l.starts_with("#columns:"))
        || lines().any(|l| l.starts_with("#html:"))
    {
        return Format::Anki;
    }
    let tabbed = lines().filter(|l| l.contains('\t')).count();
    let bracketed = lines()
        .filter(|l| l.split('\t').next().is_some_and(|f| f.contains('[')))
        .count();
    if lines().any(|l| l.starts_with("//")) || (tabbed > 0 && bracketed * 2 >= tabbed) {
        return Format::Flashcards;
    }
    if tabbed > 0 {
        return Format::Anki;
    }
    Format::Plain
}

/// Reads the words of a word-list file's text.
pub fn parse(text: &str) -> Imported {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let format = detect(text);
    let mut words: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut skipped = 0;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with("//") {
            continue;
        }
        let fields: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split([',', ';', ' ', '，', '　']).collect()
        };
        let found = fields
            .iter()
            .map(|f| field_words(f))
            .find(|w| !w.is_empty());
        match found {
            Some(ws) => {
                for w in ws {
                    if seen.insert(w.clone()) {
                        words.push(w);
                    }
                }
            }
            None => skipped += 1,
        }
    }
    Imported {
        format,
        words,
        skipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_list() {
        let got = parse("\u{feff}银行\n  头发 \n\n银行\nhello\n学习, study\n");
        assert_eq!(got.format, Format::Plain);
        assert_eq!(got.words, ["银行", "头发", "学习"]);
        assert_eq!(got.skipped, 1);
    }

    #[test]
    fn anki_export_with_headers_and_html() {
        let text = "#separator:tab\n#html:true\n#columns:Front\tBack\n\
                    <b>发展</b>\tfāzhǎn<br>development\n\
                    1234\t<div>喜欢</div>\tto like\n";
        let got = parse(text);
        assert_eq!(got.format, Format::Anki);
        assert_eq!(got.words, ["发展", "喜欢"], "first field with Han");
    }

    #[test]
    fn pleco_and_skritter_flashcards() {
        let pleco = "// Lesson 1\n头发[頭髮]\ttou2fa5\tnoun hair\n\
                     银行\tyin2hang2\tbank\n";
        let got = parse(pleco);
        assert_eq!(got.format, Format::Flashcards);
        assert_eq!(got.words, ["头发", "頭髮", "银行"]);
        let skritter = "学习[學習]\txué xí\tto study\n老师[老師]\tlǎo shī\tteacher\n";
        let got = parse(skritter);
        assert_eq!(got.format, Format::Flashcards);
        assert_eq!(got.words, ["学习", "學習", "老师", "老師"]);
    }
}
