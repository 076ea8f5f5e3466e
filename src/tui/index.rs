//! What the browser looks up in an annotated document, built once (on the
//! worker thread) beside the immutable `Annotated`: styled marks by
//! position, jump lists, per-section counts, the entity index, word counts.

use super::theme::Role;
use crate::model::{Annotated, Annotation, EntityLabel, Layer, Span, Unit};
use std::collections::{HashMap, HashSet};

/// A styled range of text: an annotation, a quote's speaker, a duplicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub span: Span,
    pub layer: Layer,
    pub role: Role,
    /// The annotation it comes from, when there is one.
    pub ann: Option<usize>,
}

/// Marks sorted by start, with a running maximum of ends, so the marks
/// overlapping a range are found without scanning the document.
#[derive(Debug, Clone, Default)]
pub struct MarkIndex {
    marks: Vec<Mark>,
    max_end: Vec<usize>,
}

impl MarkIndex {
    pub fn new(mut marks: Vec<Mark>) -> Self {
        // Kept as long as the document is shown: without the room the
        // vector grew into.
        marks.shrink_to_fit();
        marks.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
        let mut max_end = Vec::with_capacity(marks.len());
        let mut m = 0;
        for mark in &marks {
            m = m.max(mark.span.end);
            max_end.push(m);
        }
        MarkIndex { marks, max_end }
    }
    pub fn len(&self) -> usize {
        self.marks.len()
    }
    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }
    /// Marks overlapping `start..end` (or containing `start` when empty).
    pub fn overlapping(&self, start: usize, end: usize) -> impl Iterator<Item = &Mark> {
        let end = end.max(start + 1);
        let hi = self.marks.partition_point(|m| m.span.start < end);
        let lo = self.max_end[..hi].partition_point(|&e| e <= start);
        self.marks[lo..hi]
            .iter()
            .filter(move |m| m.span.end > start)
    }
}

/// Counts shown beside each section in the outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SectionStats {
    pub paragraphs: usize,
    pub entities: usize,
    pub figures: usize,
    pub quotes: usize,
}

/// What `]p`-style jumps go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JumpKind {
    Person,
    Org,
    Quote,
    Figure,
}

impl JumpKind {
    pub fn describe(self) -> &'static str {
        match self {
            JumpKind::Person => "person",
            JumpKind::Org => "organisation",
            JumpKind::Quote => "quotation",
            JumpKind::Figure => "figure",
        }
    }
}

/// One distinct entity (label + text) and where it occurs.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityEntry {
    pub text: String,
    pub occurrences: Vec<Span>,
    /// Quotations this entity speaks (a person's or a body's).
    pub quotes: usize,
}

/// The quotations of one speaker, in text order (`name` None: the text
/// does not say who speaks).
#[derive(Debug, Clone, PartialEq)]
pub struct SpeakerGroup {
    pub name: Option<String>,
    pub quotes: Vec<usize>,
}

/// The entities of one label, most frequent first.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityGroup {
    pub label: String,
    pub entries: Vec<EntityEntry>,
}

impl EntityGroup {
    pub fn total(&self) -> usize {
        self.entries.iter().map(|e| e.occurrences.len()).sum()
    }
}

/// How often each word occurs: the distinct words in one string, sorted,
/// with their ends and counts; a lookup is a binary search. A map of owned
/// strings took a heap block, a `String` and a count per distinct word
/// (tens of bytes each; hundreds of thousands of words in a big document).
#[derive(Debug, Clone, Default)]
pub struct WordCounts {
    text: String,
    ends: Vec<u32>,
    counts: Vec<u32>,
}

impl WordCounts {
    /// Counts `words` (a document's token texts; under 4 GB in all, as a
    /// document is).
    pub fn of<'a>(words: impl IntoIterator<Item = &'a str>) -> WordCounts {
        let mut map: rustc_hash::FxHashMap<&str, u32> = Default::default();
        for w in words {
            let c = map.entry(w).or_insert(0);
            *c = c.saturating_add(1);
        }
        let mut sorted: Vec<(&str, u32)> = map.into_iter().collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut out = WordCounts {
            text: String::with_capacity(sorted.iter().map(|w| w.0.len()).sum()),
            ends: Vec::with_capacity(sorted.len()),
            counts: Vec::with_capacity(sorted.len()),
        };
        for (w, c) in sorted {
            out.text.push_str(w);
            out.ends.push(out.text.len() as u32);
            out.counts.push(c);
        }
        out
    }
    fn word(&self, i: usize) -> &str {
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1] as usize,
        };
        self.text
            .get(start..self.ends[i] as usize)
            .unwrap_or_default()
    }
    /// How often `word` occurs (None: never).
    pub fn get(&self, word: &str) -> Option<usize> {
        crate::text::sorted::find(self.ends.len(), |i| self.word(i), word)
            .and_then(|i| self.counts.get(i))
            .map(|&c| c as usize)
    }
    /// How many distinct words.
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// Everything the browser looks up, derived once from an `Annotated`.
#[derive(Debug, Clone, Default)]
pub struct DocIndex {
    pub marks: MarkIndex,
    pub sections: Vec<SectionStats>,
    jumps: HashMap<JumpKind, Vec<Span>>,
    pub entity_groups: Vec<EntityGroup>,
    /// Quote annotation ids in text order.
    pub quotes: Vec<usize>,
    /// Who said what: the quotes grouped by speaker, most quoted first,
    /// the unknown speaker last.
    pub speakers: Vec<SpeakerGroup>,
    /// How often each word (token text) occurs.
    pub word_counts: WordCounts,
    /// Document keywords, highlighted where a token matches.
    pub keywords: HashSet<String>,
    /// The learner layer's annotations (indices), in text order: the readings
    /// the pinyin rows show.
    pub readings: Vec<usize>,
    /// For a document annotated without the learner layer (a big one):
    /// jieba's splits of its words, from which the pinyin rows read the
    /// attrs of the tokens they show, on demand
    /// ([`crate::tui::learner::attrs_of_tokens`]): the whole document's
    /// per-token attrs are never kept.
    pub splits: Option<std::sync::Arc<crate::dict::reading::SplitMemo<'static>>>,
}

/// The display role of an entity label (the one mapping is
/// [`Role::of_entity`]); a label that is not one of the four is a plain
/// entity.
pub fn entity_role(label: &str) -> Role {
    Role::of_entity(EntityLabel::from_name(label))
}

/// The style role of an annotation ([`Role::of_annotation`]).
pub fn role_of(a: &Annotation) -> Role {
    Role::of_annotation(a)
}

/// The span a quote attributes its words to, from its `speaker` attribute
/// (`{"start","end"}` bytes, `[start, end]`, or a `speaker_span`).
pub fn speaker_span(a: &Annotation) -> Option<Span> {
    for key in ["speaker_span", "speaker"] {
        let Some(v) = a.attrs.get(key) else { continue };
        if let (Some(s), Some(e)) = (
            v.get("start").and_then(|x| x.as_u64()),
            v.get("end").and_then(|x| x.as_u64()),
        ) {
            return Some(Span::new(s as usize, e as usize));
        }
        if let Some(arr) = v.as_array()
            && let [s, e] = arr.as_slice()
            && let (Some(s), Some(e)) = (s.as_u64(), e.as_u64())
        {
            return Some(Span::new(s as usize, e as usize));
        }
    }
    None
}

/// The speaker's name of a quote, if known.
pub fn speaker_name(ann: &Annotated, a: &Annotation) -> Option<String> {
    for key in ["speaker_text", "speaker"] {
        if let Some(s) = a.attr_str(key)
            && !s.is_empty()
        {
            return Some(s.to_string());
        }
    }
    if let Some(v) = a.attrs.get("speaker")
        && let Some(t) = v.get("text").and_then(|t| t.as_str())
    {
        return Some(t.to_string());
    }
    speaker_span(a)
        .map(|s| ann.doc.span_text(s).to_string())
        .filter(|s| !s.is_empty())
}

/// The quotes (ids in text order) grouped by speaker name: most quoted
/// first (ties: the earlier first quote), the unknown speaker last.
pub fn speaker_groups(ann: &Annotated, quotes: &[usize]) -> Vec<SpeakerGroup> {
    let mut groups: Vec<SpeakerGroup> = Vec::new();
    let mut at: HashMap<Option<String>, usize> = HashMap::new();
    for &id in quotes {
        let Some(a) = ann.annotations.get(id) else {
            continue;
        };
        let name = speaker_name(ann, a);
        let k = *at.entry(name.clone()).or_insert_with(|| {
            groups.push(SpeakerGroup {
                name,
                quotes: Vec::new(),
            });
            groups.len() - 1
        });
        groups[k].quotes.push(id);
    }
    // Stable: equal counts keep the order of their first quotes.
    groups.sort_by_key(|g| (g.name.is_none(), std::cmp::Reverse(g.quotes.len())));
    groups
}

fn jump_kind(a: &Annotation) -> Option<JumpKind> {
    match a.entity_label() {
        Some(EntityLabel::Per) => return Some(JumpKind::Person),
        Some(EntityLabel::Org) => return Some(JumpKind::Org),
        _ => {}
    }
    if a.is_quote() {
        return Some(JumpKind::Quote);
    }
    (a.layer == Layer::Quantities).then_some(JumpKind::Figure)
}

impl DocIndex {
    pub fn build(ann: &Annotated) -> DocIndex {
        let doc = &ann.doc;
        let text = &doc.text;
        let mut marks = Vec::new();
        let mut jumps: HashMap<JumpKind, Vec<Span>> = HashMap::new();
        let mut sections = vec![SectionStats::default(); doc.sections.len()];
        for (s, stats) in doc.sections.iter().zip(sections.iter_mut()) {
            stats.paragraphs = s.paragraphs.len();
        }
        let mut groups: HashMap<String, HashMap<String, Vec<Span>>> = HashMap::new();
        let mut quotes = Vec::new();
        let mut readings: Vec<usize> = (0..ann.annotations.len())
            .filter(|&i| {
                let a = &ann.annotations[i];
                a.layer == Layer::Learner && a.span.end <= text.len()
            })
            .collect();
        readings.sort_by_key(|&i| ann.annotations[i].span.start);
        for a in &ann.annotations {
            // The learner layer covers every word (its data is for the
            // details panel and exports); tinting it would hide the others.
            if a.span.end > text.len() || a.span.is_empty() || a.layer == Layer::Learner {
                continue;
            }
            marks.push(Mark {
                span: a.span,
                layer: a.layer,
                role: role_of(a),
                ann: Some(a.index()),
            });
            if let Some(k) = jump_kind(a) {
                jumps.entry(k).or_default().push(a.span);
            }
            let section = doc.section_at(a.span.start);
            let stats = section.and_then(|s| sections.get_mut(s));
            let surface = a.span.text(text);
            match a.layer {
                Layer::Entities => {
                    if let Some(st) = stats {
                        st.entities += 1;
                    }
                    groups
                        .entry(a.label.to_string())
                        .or_default()
                        .entry(surface.to_string())
                        .or_default()
                        .push(a.span);
                }
                Layer::Quantities => {
                    if let Some(st) = stats {
                        st.figures += 1;
                    }
                }
                Layer::Quotes if a.is_quote() => {
                    if let Some(st) = stats {
                        st.quotes += 1;
                    }
                    quotes.push(a.index());
                    if let Some(sp) = speaker_span(a)
                        && sp.end <= text.len()
                        && !sp.is_empty()
                    {
                        marks.push(Mark {
                            span: sp,
                            layer: Layer::Quotes,
                            role: Role::Speaker,
                            ann: Some(a.index()),
                        });
                    }
                }
                _ => {}
            }
        }
        // The duplicates layer marks repeats itself when it runs; else the
        // parser's records do.
        let dup_layer = ann.annotations.iter().any(|a| a.layer == Layer::Duplicates);
        for d in doc.duplicates.iter().filter(|_| !dup_layer) {
            let span = match d.unit {
                Unit::Paragraph => doc.paragraphs.get(d.index).map(|p| p.span),
                Unit::Sentence => doc.sentences.get(d.index).map(|s| s.span),
            };
            if let Some(span) = span {
                marks.push(Mark {
                    span,
                    layer: Layer::Duplicates,
                    role: Role::Duplicate,
                    ann: None,
                });
            }
        }
        for list in jumps.values_mut() {
            list.sort();
        }
        quotes.sort_by_key(|&id| ann.annotations.get(id).map(|a| a.span.start));
        let speakers = speaker_groups(ann, &quotes);
        // How many quotes each speaker (by the name as written, and by the
        // entity the speaker is) has, for the entity index.
        let mut spoken: HashMap<&str, usize> = HashMap::new();
        for g in &speakers {
            for &id in &g.quotes {
                let Some(a) = ann.annotations.get(id) else {
                    continue;
                };
                let entity = a
                    .attrs
                    .get("speaker_id")
                    .and_then(|v| v.as_u64())
                    .and_then(|e| ann.annotations.get(e as usize))
                    .filter(|e| e.span.end <= text.len())
                    .map(|e| e.span.text(text));
                let name = g.name.as_deref();
                for n in entity.into_iter().chain(name) {
                    *spoken.entry(n).or_default() += 1;
                    if entity.is_some() {
                        break;
                    }
                }
            }
        }
        let mut entity_groups: Vec<EntityGroup> = groups
            .into_iter()
            .map(|(label, entries)| {
                let mut entries: Vec<EntityEntry> = entries
                    .into_iter()
                    .map(|(text, mut occurrences)| {
                        occurrences.sort();
                        let quotes = spoken.get(text.as_str()).copied().unwrap_or(0);
                        EntityEntry {
                            text,
                            occurrences,
                            quotes,
                        }
                    })
                    .collect();
                entries.sort_by(|a, b| {
                    b.occurrences
                        .len()
                        .cmp(&a.occurrences.len())
                        .then(a.occurrences[0].cmp(&b.occurrences[0]))
                });
                EntityGroup { label, entries }
            })
            .collect();
        // PER, ORG, LOC, WORK, then other labels by name.
        entity_groups.sort_by_key(|g| {
            (
                EntityLabel::from_name(&g.label).is_none(),
                EntityLabel::from_name(&g.label),
                g.label.clone(),
            )
        });
        let word_counts = WordCounts::of(ann.tokens.iter().map(|t| t.span().text(text)));
        let keywords = ann
            .keywords
            .document
            .iter()
            .take(12)
            .map(|k| ann.keywords.word(k).to_string())
            .collect();
        DocIndex {
            marks: MarkIndex::new(marks),
            sections,
            jumps,
            entity_groups,
            quotes,
            speakers,
            word_counts,
            keywords,
            readings,
            splits: None,
        }
    }

    /// How often an annotation like `a` (its layer, label and text)
    /// occurs in `ann` (0 for the learner layer's, which are not
    /// marks): counted when asked (the details panel shows it
    /// for the annotation under the cursor), not kept in a table of every
    /// distinct annotation.
    pub fn count_like(ann: &Annotated, a: &Annotation) -> usize {
        let text = &ann.doc.text;
        let surface = a.span.text(text);
        ann.annotations
            .iter()
            .filter(|b| {
                b.layer == a.layer
                    && b.layer != Layer::Learner
                    && b.span.len() == a.span.len()
                    && b.label == a.label
                    && b.span.end <= text.len()
                    && !b.span.is_empty()
                    && b.span.text(text) == surface
            })
            .count()
    }

    /// The sorted spans a jump kind goes to.
    pub fn jumps(&self, kind: JumpKind) -> &[Span] {
        self.jumps.get(&kind).map_or(&[], |v| v.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The details panel's count of an annotation: those of its layer,
    /// label and text, wherever they are; none for the learner layer's.
    #[test]
    fn annotations_like_one_are_counted_by_layer_label_and_text() {
        let text = "王小明说，王小明来了。王小明银行和王小明。王小";
        let doc = crate::parse::parse(text.into(), crate::model::Format::Plain);
        let at: Vec<usize> = text.match_indices("王小明").map(|(i, _)| i).collect();
        assert_eq!(at.len(), 4);
        let mut ann = Annotated::unannotated(doc);
        let span = |i: usize, len: usize| Span::new(i, i + len);
        for &i in &at[..3] {
            ann.annotations
                .push(Annotation::new(Layer::Entities, "PER", span(i, 9)));
        }
        // The same text, another label; another layer; a shorter text.
        ann.annotations
            .push(Annotation::new(Layer::Entities, "ORG", span(at[3], 9)));
        ann.annotations
            .push(Annotation::new(Layer::Glossary, "PER", span(at[3], 9)));
        ann.annotations
            .push(Annotation::new(Layer::Entities, "PER", span(at[0], 6)));
        let tail = text.rfind("王小").unwrap_or(0);
        ann.annotations
            .push(Annotation::new(Layer::Entities, "PER", span(tail, 6)));
        ann.annotations
            .push(Annotation::new(Layer::Learner, "word", span(at[0], 9)));
        ann.annotations
            .push(Annotation::new(Layer::Learner, "word", span(at[1], 9)));
        let count = |k: usize| DocIndex::count_like(&ann, &ann.annotations[k]);
        assert_eq!([0, 1, 2].map(count), [3, 3, 3]);
        assert_eq!([3, 4].map(count), [1, 1]);
        assert_eq!([5, 6].map(count), [2, 2]);
        assert_eq!([7, 8].map(count), [0, 0]);
    }

    /// The compact counts answer as a map of owned strings counted token
    /// by token would, for every word and for words not there.
    #[test]
    fn word_counts_answer_as_a_map_of_the_words() {
        let text = "我们在北京开会。北京很大，我们很忙。a b ab a 北 京 北京京";
        let words: Vec<&str> = text
            .split([' ', '，', '。'])
            .chain(text.char_indices().map(|(i, c)| &text[i..i + c.len_utf8()]))
            .chain(["北京", "北京", ""])
            .collect();
        let mut map: HashMap<String, usize> = HashMap::new();
        for w in &words {
            *map.entry(w.to_string()).or_default() += 1;
        }
        let counts = WordCounts::of(words.iter().copied());
        assert_eq!(counts.len(), map.len());
        for (w, &c) in &map {
            assert_eq!(counts.get(w), Some(c), "{w:?}");
        }
        assert_eq!(counts.get("北京"), map.get("北京").copied());
        assert_eq!(counts.get("北京"), Some(2));
        for absent in ["上海", "北京京京", "abc", "我们在北京开会。北京很大"] {
            assert_eq!(counts.get(absent), map.get(absent).copied(), "{absent}");
        }
        assert_eq!(WordCounts::of([]).get("北京"), None);
    }

    fn mark(s: usize, e: usize) -> Mark {
        Mark {
            span: Span::new(s, e),
            layer: Layer::Entities,
            role: Role::Per,
            ann: None,
        }
    }

    #[test]
    fn overlapping_finds_long_and_short_marks() {
        let idx = MarkIndex::new(vec![mark(0, 100), mark(10, 12), mark(20, 30), mark(50, 60)]);
        let found: Vec<_> = idx.overlapping(25, 27).map(|m| m.span).collect();
        assert_eq!(found, vec![Span::new(0, 100), Span::new(20, 30)]);
        let found: Vec<_> = idx.overlapping(12, 20).map(|m| m.span).collect();
        assert_eq!(found, vec![Span::new(0, 100)]);
        let found: Vec<_> = idx.overlapping(55, 55).map(|m| m.span).collect();
        assert_eq!(found, vec![Span::new(0, 100), Span::new(50, 60)]);
        assert_eq!(idx.overlapping(100, 200).count(), 0);
    }
}
