//! The cross-document entity index: every person, organisation and place
//! with the number of documents it appears in and its mentions, sortable and
//! filterable; its mentions as a concordance.

use super::search::{self, DocHits, SearchIndex, fold_str};
use crate::model::{Annotated, EntityLabel, Span};
use std::collections::{HashMap, HashSet};

/// The entity labels the index keeps.
pub const LABELS: [EntityLabel; 3] = [EntityLabel::Per, EntityLabel::Org, EntityLabel::Loc];

/// One entity mention in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub label: EntityLabel,
    /// The name the index groups by: the entity layer's `canonical` attribute
    /// when it links an abbreviation to a full name, else the mention's text.
    pub name: String,
    pub span: Span,
}

/// The PER / ORG / LOC mentions of an annotated document, in text order.
pub fn mentions(ann: &Annotated) -> Vec<Mention> {
    let mut out: Vec<Mention> = ann
        .annotations
        .iter()
        .filter_map(|a| {
            let label = a.entity_label().filter(|l| LABELS.contains(l))?;
            let name = a
                .attr_str("canonical")
                .map(str::to_string)
                .unwrap_or_else(|| ann.doc.span_text(a.span).trim().to_string());
            (!name.is_empty()).then_some(Mention {
                label,
                name,
                span: a.span,
            })
        })
        .collect();
    out.sort_by_key(|m| (m.span.start, m.span.end));
    out
}

/// An entity and where it occurs.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityStat {
    pub label: EntityLabel,
    pub name: String,
    /// Number of distinct documents.
    pub docs: usize,
    /// `(document, span)` of every mention, in the order documents arrived.
    pub occurrences: Vec<(usize, Span)>,
    folded: String,
}

impl EntityStat {
    pub fn mentions(&self) -> usize {
        self.occurrences.len()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Most mentions first.
    #[default]
    Mentions,
    /// In most documents first.
    Documents,
    /// By name.
    Name,
}

impl SortBy {
    pub fn next(self) -> SortBy {
        match self {
            SortBy::Mentions => SortBy::Documents,
            SortBy::Documents => SortBy::Name,
            SortBy::Name => SortBy::Mentions,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            SortBy::Mentions => "mentions",
            SortBy::Documents => "documents",
            SortBy::Name => "name",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct EntityIndex {
    by_key: HashMap<(EntityLabel, String), usize>,
    stats: Vec<EntityStat>,
    docs_added: HashSet<usize>,
}

impl EntityIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one document's mentions (a document added twice counts once).
    pub fn add_doc(&mut self, doc: usize, mentions: &[Mention]) {
        if !self.docs_added.insert(doc) {
            return;
        }
        let mut seen_here: HashSet<usize> = HashSet::new();
        for m in mentions {
            let key = (m.label, m.name.clone());
            let i = match self.by_key.get(&key) {
                Some(&i) => i,
                None => {
                    let i = self.stats.len();
                    self.stats.push(EntityStat {
                        label: m.label,
                        name: m.name.clone(),
                        docs: 0,
                        occurrences: Vec::new(),
                        folded: fold_str(&m.name),
                    });
                    self.by_key.insert(key, i);
                    i
                }
            };
            if let Some(stat) = self.stats.get_mut(i) {
                stat.occurrences.push((doc, m.span));
                if seen_here.insert(i) {
                    stat.docs += 1;
                }
            }
        }
    }

    /// Number of distinct entities.
    pub fn len(&self) -> usize {
        self.stats.len()
    }
    pub fn is_empty(&self) -> bool {
        self.stats.is_empty()
    }
    /// Number of documents whose mentions were added.
    pub fn docs_indexed(&self) -> usize {
        self.docs_added.len()
    }

    pub fn get(&self, label: EntityLabel, name: &str) -> Option<&EntityStat> {
        self.by_key
            .get(&(label, name.to_string()))
            .and_then(|&i| self.stats.get(i))
    }

    /// The entities whose name contains `filter` (folded like search; a
    /// filter that is exactly a label such as `PER` selects that label),
    /// sorted.
    pub fn list(&self, filter: &str, sort: SortBy) -> Vec<&EntityStat> {
        let filter = filter.trim();
        let label_filter = LABELS
            .iter()
            .find(|l| l.name().eq_ignore_ascii_case(filter))
            .copied();
        let folded = fold_str(filter);
        let mut v: Vec<&EntityStat> = self
            .stats
            .iter()
            .filter(|s| match label_filter {
                Some(l) => s.label == l,
                None => s.folded.contains(&folded),
            })
            .collect();
        match sort {
            SortBy::Mentions => v.sort_by(|a, b| {
                b.mentions()
                    .cmp(&a.mentions())
                    .then(b.docs.cmp(&a.docs))
                    .then(a.name.cmp(&b.name))
            }),
            SortBy::Documents => v.sort_by(|a, b| {
                b.docs
                    .cmp(&a.docs)
                    .then(b.mentions().cmp(&a.mentions()))
                    .then(a.name.cmp(&b.name))
            }),
            SortBy::Name => v.sort_by(|a, b| a.name.cmp(&b.name).then(a.label.cmp(&b.label))),
        }
        v
    }

    /// The entity's mentions as a concordance, grouped by document in
    /// document order, optionally leaving out one document (the one being
    /// read, for "elsewhere in the corpus").
    pub fn concordance(
        &self,
        stat: &EntityStat,
        texts: &SearchIndex,
        except_doc: Option<usize>,
    ) -> Vec<DocHits> {
        let mut occ: Vec<(usize, Span)> = stat
            .occurrences
            .iter()
            .copied()
            .filter(|(d, _)| Some(*d) != except_doc)
            .collect();
        occ.sort_by_key(|&(d, s)| (d, s.start, s.end));
        let mut groups: Vec<DocHits> = Vec::new();
        for (doc, span) in occ {
            let hit = search::hit(doc, texts.text(doc), span);
            match groups.last_mut() {
                Some(g) if g.doc == doc => g.hits.push(hit),
                _ => groups.push(DocHits {
                    doc,
                    hits: vec![hit],
                }),
            }
        }
        groups
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(label: &str, name: &str, start: usize) -> Mention {
        Mention {
            label: EntityLabel::from_name(label).unwrap_or(EntityLabel::Per),
            name: name.to_string(),
            span: Span::new(start, start + name.len()),
        }
    }

    #[test]
    fn counts_documents_and_mentions() {
        let mut idx = EntityIndex::new();
        idx.add_doc(
            0,
            &[
                m("PER", "张伟", 0),
                m("ORG", "国家统计局", 10),
                m("PER", "张伟", 40),
            ],
        );
        idx.add_doc(2, &[m("PER", "张伟", 3), m("LOC", "上海", 20)]);
        idx.add_doc(2, &[m("PER", "张伟", 3)]); // added twice: ignored
        let zhang = idx.get(EntityLabel::Per, "张伟");
        assert_eq!(zhang.map(|s| (s.docs, s.mentions())), Some((2, 3)));
        assert_eq!(idx.len(), 3);
        let by_mentions: Vec<&str> = idx
            .list("", SortBy::Mentions)
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(by_mentions[0], "张伟");
        let per: Vec<&str> = idx
            .list("per", SortBy::Name)
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(per, vec!["张伟"]);
        let filtered: Vec<&str> = idx
            .list("统计", SortBy::Name)
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(filtered, vec!["国家统计局"]);
    }

    #[test]
    fn same_name_different_label_are_different_entities() {
        let mut idx = EntityIndex::new();
        idx.add_doc(0, &[m("LOC", "华盛顿", 0), m("PER", "华盛顿", 20)]);
        assert_eq!(idx.len(), 2);
        assert_eq!(
            idx.get(EntityLabel::Loc, "华盛顿").map(|s| s.mentions()),
            Some(1)
        );
    }
}
