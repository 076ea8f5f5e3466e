//! The glossary layer: notes on institutional and news terms from
//! `data/glossary.json` and user glossary files (`--glossary FILE`), found by
//! dictionary match (longest term first at each position).
//!
//! A glossary file is a JSON array of `{term, pinyin, gloss, note}` objects
//! (`pinyin` and `note` may be omitted). Later files override earlier ones
//! on the same term, so a user's entry replaces the built-in one.
//!
//! attrs: `term`, `pinyin`, `gloss`, `note`, `source` (`builtin` or the file
//! the entry came from).

use super::Context;
use super::charset::CharSet;
use crate::model::{Annotation, Attrs, Layer, Span};
use anyhow::Context as _;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::path::Path;

const BUILTIN: &str = include_str!("../../data/glossary.json");

/// The built-in glossary's entries as the file lists them (empty if it
/// does not parse), without building a [`Glossary`].
pub fn builtin_entries() -> Vec<Entry> {
    serde_json::from_str(BUILTIN).unwrap_or_default()
}

/// One glossary entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub term: String,
    #[serde(default)]
    pub pinyin: String,
    pub gloss: String,
    #[serde(default)]
    pub note: String,
    /// `builtin` or the path of the file it came from.
    #[serde(skip)]
    pub source: String,
}

/// The loaded glossary with its matcher.
#[derive(Debug, Clone)]
pub struct Glossary {
    entries: Vec<Entry>,
    by_term: HashMap<String, usize>,
    /// Entry indices by the term's first character, longest term first.
    by_first: HashMap<char, Vec<usize>>,
    /// The first characters of the terms: most characters of a text start
    /// none, and are passed over on one test.
    first_chars: CharSet,
    /// Each entry's annotation attrs, built once.
    attrs: Vec<Attrs>,
}

impl Glossary {
    /// The built-in glossary.
    pub fn builtin() -> anyhow::Result<Glossary> {
        let mut g = Glossary {
            entries: Vec::new(),
            by_term: HashMap::default(),
            by_first: HashMap::default(),
            first_chars: CharSet::default(),
            attrs: Vec::new(),
        };
        g.add_json(BUILTIN, "builtin")
            .context("data/glossary.json")?;
        g.rebuild()?;
        Ok(g)
    }

    /// The built-in glossary plus the user's files, in order.
    pub fn load(extra: &[impl AsRef<Path>]) -> anyhow::Result<Glossary> {
        let mut g = Glossary::builtin()?;
        for path in extra {
            let path = path.as_ref();
            let bytes = crate::source::read_limited(path, crate::source::max_size())
                .with_context(|| format!("cannot read glossary {}", path.display()))?;
            let text = String::from_utf8(bytes)
                .with_context(|| format!("glossary {} is not UTF-8", path.display()))?;
            g.add_json(&text, &path.display().to_string())
                .with_context(|| format!("glossary {}", path.display()))?;
        }
        g.rebuild()?;
        Ok(g)
    }

    fn add_json(&mut self, json: &str, source: &str) -> anyhow::Result<()> {
        let entries: Vec<Entry> = serde_json::from_str(json)
            .context("expected a JSON array of {term, pinyin, gloss, note} objects")?;
        for mut e in entries {
            e.term = e.term.trim().to_string();
            if e.term.is_empty() {
                anyhow::bail!("an entry has an empty term");
            }
            e.source = source.to_string();
            match self.by_term.get(&e.term) {
                Some(&i) => self.entries[i] = e,
                None => {
                    self.by_term.insert(e.term.clone(), self.entries.len());
                    self.entries.push(e);
                }
            }
        }
        Ok(())
    }

    fn rebuild(&mut self) -> anyhow::Result<()> {
        self.by_first.clear();
        for (i, e) in self.entries.iter().enumerate() {
            if let Some(c) = e.term.chars().next() {
                self.by_first.entry(c).or_default().push(i);
            }
        }
        let entries = &self.entries;
        for list in self.by_first.values_mut() {
            list.sort_by_key(|&i| std::cmp::Reverse(entries[i].term.len()));
        }
        self.first_chars = CharSet::new(self.by_first.keys().copied());
        self.attrs = self
            .entries
            .iter()
            .map(|e| {
                Annotation::new(Layer::Glossary, "GLOSS", Span::default())
                    .with("term", e.term.clone())
                    .with("pinyin", e.pinyin.clone())
                    .with("gloss", e.gloss.clone())
                    .with("note", e.note.clone())
                    .with("source", e.source.clone())
                    .attrs
            })
            .collect();
        Ok(())
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn get(&self, term: &str) -> Option<&Entry> {
        self.by_term.get(term).map(|&i| &self.entries[i])
    }

    /// Every glossary term in `text`, leftmost-longest, not overlapping.
    pub fn find<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (Span, &'a Entry)> + 'a {
        self.find_ids(text)
            .map(|(span, i)| (span, &self.entries[i]))
    }

    /// [`Glossary::find`] with entry indices.
    fn find_ids<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (Span, usize)> + 'a {
        let mut pos = 0;
        std::iter::from_fn(move || {
            while pos < text.len() {
                let rest = &text[pos..];
                let c = rest.chars().next()?;
                let here = pos;
                pos += c.len_utf8();
                if !self.first_chars.contains(c) {
                    continue;
                }
                if let Some(list) = self.by_first.get(&c)
                    && let Some(&i) = list
                        .iter()
                        .find(|&&i| rest.starts_with(&self.entries[i].term))
                {
                    let span = Span::new(here, here + self.entries[i].term.len());
                    pos = span.end;
                    return Some((span, i));
                }
            }
            None
        })
    }
}

pub fn annotate(ctx: &Context) -> Vec<Annotation> {
    let g = &ctx.res.glossary;
    g.find_ids(&ctx.doc.text)
        .map(|(span, i)| Annotation {
            attrs: g.attrs[i].clone(),
            ..Annotation::new(Layer::Glossary, "GLOSS", span)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_glossary_loads_and_matches_longest() -> anyhow::Result<()> {
        let g = Glossary::builtin()?;
        assert!(g.entries().len() >= 45);
        for term in [
            "党支部",
            "党总支",
            "党委",
            "网信办",
            "经信委",
            "双创",
            "入党积极分子",
        ] {
            let e = g
                .get(term)
                .ok_or_else(|| anyhow::anyhow!("{term} missing"))?;
            assert!(!e.pinyin.is_empty() && !e.gloss.is_empty() && !e.note.is_empty());
        }
        let text = "在创客空间建立党支部，来自区网信办的数据";
        let found: Vec<&str> = g.find(text).map(|(s, _)| s.text(text)).collect();
        assert_eq!(found, vec!["创客", "党支部", "网信办"]);
        Ok(())
    }

    #[test]
    fn user_glossary_adds_and_overrides() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("mine.json");
        std::fs::write(
            &path,
            r#"[{"term": "党委", "gloss": "my gloss"}, {"term": "绣娘", "pinyin": "xiùniáng", "gloss": "embroiderer"}]"#,
        )?;
        let g = Glossary::load(&[&path])?;
        assert_eq!(g.get("党委").map(|e| e.gloss.as_str()), Some("my gloss"));
        assert_eq!(
            g.get("绣娘").map(|e| e.source.as_str()),
            Some(path.display().to_string().as_str())
        );
        let text = "十几位绣娘";
        assert_eq!(g.find(text).count(), 1);
        Ok(())
    }

    #[test]
    fn bad_user_glossary_is_a_clear_error() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("bad.json");
        std::fs::write(&path, "{not json")?;
        let err = Glossary::load(&[&path]).err().map(|e| format!("{e:#}"));
        assert!(err.is_some_and(|e| e.contains("bad.json")));
        let missing = Glossary::load(&[dir.path().join("none.json")]).err();
        assert!(missing.is_some());
        Ok(())
    }
}
