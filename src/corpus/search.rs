//! Cross-document search: substring (case- and width-insensitive) or regular
//! expression over every text, results as a concordance (keyword in context,
//! one line each) grouped by document.
//!
//! Substring search runs on a folded copy of each text built once: ASCII
//! lower-cased, full-width forms (Ａ-Ｚ ０-９ ！-～) mapped to ASCII,
//! U+3000 to a space. Folding can shorten a text (a full-width letter is 3
//! bytes, its ASCII form 1), so each folded text keeps checkpoints mapping
//! its offsets back to the original's.

use crate::model::Span;
use rayon::prelude::*;
use regex::Regex;
use std::sync::Arc;

/// Folds one char for matching, or `None` when it stays as it is.
pub fn fold_char(c: char) -> Option<char> {
    match c {
        'A'..='Z' => Some(c.to_ascii_lowercase()),
        '\u{FF01}'..='\u{FF5E}' => {
            let ascii = char::from_u32(c as u32 - 0xFEE0)?;
            Some(ascii.to_ascii_lowercase())
        }
        '\u{3000}' => Some(' '),
        _ => None,
    }
}

/// The folded form of a query or text.
pub fn fold_str(s: &str) -> String {
    s.chars().map(|c| fold_char(c).unwrap_or(c)).collect()
}

/// A folded text with the map back to the original's byte offsets.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    /// `(folded offset, original offset)` after each char whose length
    /// changed by folding, in order.
    checkpoints: Vec<(usize, usize)>,
}

impl Folded {
    pub fn new(orig: &str) -> Folded {
        let mut text = String::with_capacity(orig.len());
        let mut checkpoints = Vec::new();
        for (i, c) in orig.char_indices() {
            match fold_char(c) {
                Some(f) => {
                    text.push(f);
                    if f.len_utf8() != c.len_utf8() {
                        checkpoints.push((text.len(), i + c.len_utf8()));
                    }
                }
                None => text.push(c),
            }
        }
        Folded { text, checkpoints }
    }
    /// The original byte offset of a folded byte offset on a char boundary.
    pub fn to_orig(&self, f: usize) -> usize {
        let k = self.checkpoints.partition_point(|&(fo, _)| fo <= f);
        match k.checked_sub(1).and_then(|k| self.checkpoints.get(k)) {
            Some(&(fo, oo)) => oo + (f - fo),
            None => f,
        }
    }
}

/// What to look for.
#[derive(Debug, Clone)]
pub enum Query {
    /// Folded substring.
    Substring(String),
    Regex(Regex),
}

impl Query {
    /// A substring query, or a regular expression when `regex` is on (an
    /// invalid one is an error with the regex crate's one-line reason).
    pub fn new(input: &str, regex: bool) -> Result<Query, String> {
        if regex {
            Regex::new(input)
                .map(Query::Regex)
                .map_err(|e| format!("invalid regular expression: {}", one_line(&e.to_string())))
        } else {
            Ok(Query::Substring(fold_str(input)))
        }
    }
    pub fn is_empty(&self) -> bool {
        match self {
            Query::Substring(s) => s.is_empty(),
            Query::Regex(r) => r.as_str().is_empty(),
        }
    }
}

fn one_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or("")
        .to_string()
}

/// One concordance line: the hit and its context on the same line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub doc: usize,
    /// Byte span in the document's text.
    pub span: Span,
    pub left: String,
    pub matched: String,
    pub right: String,
}

/// The hits in one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocHits {
    pub doc: usize,
    pub hits: Vec<Hit>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Results {
    /// In document order; hits in text order.
    pub groups: Vec<DocHits>,
    /// Hits found (at most the limit).
    pub total: usize,
    /// Whether the limit cut the results short.
    pub truncated: bool,
}

impl Results {
    pub fn hits(&self) -> impl Iterator<Item = &Hit> {
        self.groups.iter().flat_map(|g| g.hits.iter())
    }
}

/// Chars of context on each side of a concordance line.
pub const CONTEXT_CHARS: usize = 24;

/// Keyword in context: up to `width` chars either side of `span`, on the
/// same line; tabs and other control chars shown as spaces.
pub fn kwic(text: &str, span: Span, width: usize) -> (String, String, String) {
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    };
    let before = text.get(..start).unwrap_or("");
    let line_before = before.rsplit('\n').next().unwrap_or("");
    let skip = line_before.chars().count().saturating_sub(width);
    let left: String = line_before.chars().skip(skip).collect();
    let after = text.get(end..).unwrap_or("");
    let line_after = after.split('\n').next().unwrap_or("");
    let right: String = line_after.chars().take(width).collect();
    (
        clean(&left),
        clean(text.get(start..end).unwrap_or("")),
        clean(&right),
    )
}

/// The searchable texts of a corpus (a failed document has an empty text).
#[derive(Debug, Default)]
pub struct SearchIndex {
    docs: Vec<(Arc<str>, Folded)>,
}

impl SearchIndex {
    /// Builds the folded copies in parallel.
    pub fn new(texts: Vec<Arc<str>>) -> SearchIndex {
        let docs = texts
            .into_par_iter()
            .map(|t| {
                let f = Folded::new(&t);
                (t, f)
            })
            .collect();
        SearchIndex { docs }
    }
    pub fn len(&self) -> usize {
        self.docs.len()
    }
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
    pub fn text(&self, doc: usize) -> &str {
        self.docs.get(doc).map_or("", |(t, _)| t)
    }
    /// Total bytes of text.
    pub fn bytes(&self) -> usize {
        self.docs.iter().map(|(t, _)| t.len()).sum()
    }

    /// Original byte spans of every match in one document.
    pub fn find_in(&self, doc: usize, query: &Query, limit: usize) -> Vec<Span> {
        let Some((text, folded)) = self.docs.get(doc) else {
            return Vec::new();
        };
        if query.is_empty() {
            return Vec::new();
        }
        match query {
            Query::Substring(q) => folded
                .text
                .match_indices(q.as_str())
                .take(limit)
                .map(|(i, m)| Span::new(folded.to_orig(i), folded.to_orig(i + m.len())))
                .collect(),
            Query::Regex(re) => re
                .find_iter(text.as_ref())
                .filter(|m| !m.is_empty())
                .take(limit)
                .map(|m| Span::new(m.start(), m.end()))
                .collect(),
        }
    }

    /// Searches every document (in parallel); at most `limit` hits in all.
    pub fn search(&self, query: &Query, limit: usize) -> Results {
        let per_doc: Vec<Vec<Span>> = self
            .docs
            .par_iter()
            .enumerate()
            .map(|(i, _)| self.find_in(i, query, limit))
            .collect();
        let mut results = Results::default();
        for (doc, spans) in per_doc.into_iter().enumerate() {
            if spans.is_empty() {
                continue;
            }
            let room = limit.saturating_sub(results.total);
            if room == 0 {
                results.truncated = true;
                break;
            }
            if spans.len() > room {
                results.truncated = true;
            }
            let text = self.text(doc);
            let hits: Vec<Hit> = spans
                .into_iter()
                .take(room)
                .map(|span| hit(doc, text, span))
                .collect();
            results.total += hits.len();
            results.groups.push(DocHits { doc, hits });
        }
        results
    }
}

impl SearchIndex {
    /// [`SearchIndex::search`] in some documents only, in the order given
    /// (the candidates of the full-text index), stopping at the limit.
    pub fn search_docs(&self, query: &Query, docs: &[usize], limit: usize) -> Results {
        let mut results = Results::default();
        for &doc in docs {
            let room = limit.saturating_sub(results.total);
            if room == 0 {
                results.truncated |= !self.find_in(doc, query, 1).is_empty();
                if results.truncated {
                    break;
                }
                continue;
            }
            let mut spans = self.find_in(doc, query, room + 1);
            if spans.is_empty() {
                continue;
            }
            if spans.len() > room {
                results.truncated = true;
                spans.truncate(room);
            }
            let text = self.text(doc);
            let hits: Vec<Hit> = spans.into_iter().map(|span| hit(doc, text, span)).collect();
            results.total += hits.len();
            results.groups.push(DocHits { doc, hits });
        }
        results
    }
}

/// A concordance line for `span` in document `doc`.
pub fn hit(doc: usize, text: &str, span: Span) -> Hit {
    let (left, matched, right) = kwic(text, span, CONTEXT_CHARS);
    Hit {
        doc,
        span,
        left,
        matched,
        right,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(texts: &[&str]) -> SearchIndex {
        SearchIndex::new(texts.iter().map(|s| Arc::from(*s)).collect())
    }

    #[test]
    fn folding_maps_offsets_back() {
        let orig = "ＧＤＰ增长１４.１%，GDP总量";
        let f = Folded::new(orig);
        assert_eq!(f.text, "gdp增长14.1%,gdp总量");
        let i = f.text.find("14.1").unwrap_or(usize::MAX);
        let (s, e) = (f.to_orig(i), f.to_orig(i + 4));
        assert_eq!(&orig[s..e], "１４.１");
        let j = f.text.rfind("gdp").unwrap_or(usize::MAX);
        assert_eq!(&orig[f.to_orig(j)..f.to_orig(j + 3)], "GDP");
    }

    #[test]
    fn substring_is_case_and_width_insensitive() {
        let idx = index(&["联合国UNESCO会议", "ｕｎｅｓｃｏ总部", "无关"]);
        let q = Query::new("Unesco", false).unwrap_or(Query::Substring(String::new()));
        let r = idx.search(&q, 100);
        assert_eq!(r.total, 2);
        assert_eq!(r.groups[0].doc, 0);
        assert_eq!(r.groups[0].hits[0].matched, "UNESCO");
        assert_eq!(r.groups[1].doc, 1);
        assert_eq!(r.groups[1].hits[0].matched, "ｕｎｅｓｃｏ");
        assert_eq!(r.groups[1].hits[0].span, Span::new(0, 18));
    }

    #[test]
    fn regex_and_invalid_regex() {
        let idx = index(&["2016年增长5%，2017年增长7%"]);
        let q = Query::new(r"\d{4}年", true);
        let Ok(q) = q else {
            panic!("valid regex refused");
        };
        let r = idx.search(&q, 100);
        let m: Vec<&str> = r.hits().map(|h| h.matched.as_str()).collect();
        assert_eq!(m, vec!["2016年", "2017年"]);
        let bad = Query::new("(未闭合", true);
        assert!(matches!(bad, Err(ref e) if e.starts_with("invalid regular expression")));
    }

    #[test]
    fn kwic_stays_on_the_line_and_limits_width() {
        let text = "第一行\n前文前文前文关键词后文\n第三行";
        let i = text.find("关键词").unwrap_or(0);
        let (l, m, r) = kwic(text, Span::new(i, i + 9), 4);
        assert_eq!(
            (l.as_str(), m.as_str(), r.as_str()),
            ("前文前文", "关键词", "后文")
        );
        let (l, _, r) = kwic(text, Span::new(i, i + 9), 3);
        assert_eq!((l.as_str(), r.as_str()), ("文前文", "后文"));
    }

    #[test]
    fn search_in_some_documents_equals_the_scan_there() {
        let idx = index(&["甲乙甲", "无关", "乙甲", "甲"]);
        let q = Query::new("甲", false).unwrap_or(Query::Substring(String::new()));
        let all = idx.search(&q, 100);
        let some = idx.search_docs(&q, &[0, 2, 3], 100);
        assert_eq!(all, some);
        let cut = idx.search_docs(&q, &[0, 2, 3], 3);
        assert_eq!(cut, idx.search(&q, 3));
        assert!(cut.truncated);
        // Exactly the limit: not truncated.
        assert!(!idx.search_docs(&q, &[0, 2, 3], 4).truncated);
    }

    #[test]
    fn limit_truncates() {
        let idx = index(&["甲甲甲", "甲甲"]);
        let q = Query::new("甲", false).unwrap_or(Query::Substring(String::new()));
        let r = idx.search(&q, 4);
        assert_eq!(r.total, 4);
        assert!(r.truncated);
        assert_eq!(r.groups.len(), 2);
        assert_eq!(r.groups[1].hits.len(), 1);
    }
}
