//! The learned heading decision: each candidate line's features (its
//! shape, length, final mark, numbering and its sequence, what stands
//! before and after it, how many lines of the same shape the document has
//! and whether they open paragraphs, …) weighted by a logistic model whose
//! weights are data (`data/structure/headings.txt`), learned from the
//! structure development gold by `cargo run --release --example
//! train_structure` (which also prints the leave-one-set-out figures).
//!
//! A feature is a name such as `shape:plain:opens:o2`; the model maps names
//! to weights and a line is a heading when the weighted sum is positive.
//! Names are hashed at load, so classifying allocates nothing per feature.
//!
//! Opt-in (`YUELAN_HEADINGS=model`): it reaches leave-one-set-out F1 ≥ 0.90
//! on each development set (rmrb 0.922, reports 0.960, mixed 0.993), but the
//! hand-weighted rules stay the default while the model still takes some
//! verse and one-sentence layouts they get right (`docs/structure.md`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;

/// The shipped weights.
const SHIPPED: &str = include_str!("../../data/structure/headings.txt");

/// A logistic model over hashed feature names.
#[derive(Debug, Clone, Default)]
pub struct Model {
    weights: HashMap<u64, f64>,
}

impl Model {
    /// Reads `name weight` lines (`#` comments and blank lines ignored).
    pub fn from_text(s: &str) -> anyhow::Result<Model> {
        let mut weights = HashMap::new();
        for (n, line) in s.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (name, w) = line
                .rsplit_once(char::is_whitespace)
                .ok_or_else(|| anyhow::anyhow!("line {}: expected `name weight`", n + 1))?;
            let w: f64 = w
                .trim()
                .parse()
                .map_err(|e| anyhow::anyhow!("line {}: weight {w:?}: {e}", n + 1))?;
            weights.insert(hash_name(name.trim()), w);
        }
        Ok(Model { weights })
    }

    /// A model from named weights (for training).
    pub fn from_named<'a>(named: impl IntoIterator<Item = (&'a str, f64)>) -> Model {
        Model {
            weights: named.into_iter().map(|(n, w)| (hash_name(n), w)).collect(),
        }
    }

    /// The weighted sum of `features` (hashed names).
    pub(crate) fn score(&self, features: &[u64]) -> f64 {
        features
            .iter()
            .map(|h| self.weights.get(h).copied().unwrap_or(0.0))
            .sum()
    }
}

/// The model the parser uses: the shipped weights, unless [`with_model`]
/// sets another for the current thread.
static SHIPPED_MODEL: LazyLock<Model> = LazyLock::new(|| {
    // The file is part of the build; a broken one is caught by the tests.
    Model::from_text(SHIPPED).unwrap_or_default()
});

thread_local! {
    static OVERRIDE: RefCell<Option<Model>> = const { RefCell::new(None) };
    static TRACE: RefCell<Option<Vec<Example>>> = const { RefCell::new(None) };
}

/// Runs `f` with `model` deciding headings on this thread (for training and
/// leave-one-set-out scoring).
pub fn with_model<R>(model: &Model, f: impl FnOnce() -> R) -> R {
    let old = OVERRIDE.with(|o| o.replace(Some(model.clone())));
    let r = f();
    OVERRIDE.with(|o| *o.borrow_mut() = old);
    r
}

/// The shipped model (for checking it beside the rules).
pub fn shipped() -> Model {
    SHIPPED_MODEL.clone()
}

/// Whether headings are decided by the learned model: when
/// `YUELAN_HEADINGS=model` is set, or while training and scoring with
/// [`with_model`] or [`trace`]. Otherwise the hand-weighted rules decide
/// (the default; see the module note and `docs/structure.md`).
pub fn enabled() -> bool {
    static ENV: LazyLock<bool> =
        LazyLock::new(|| std::env::var("YUELAN_HEADINGS").is_ok_and(|v| v == "model"));
    *ENV || OVERRIDE.with(|o| o.borrow().is_some()) || tracing()
}

/// The candidate gates of the learned decision: loose, since the model
/// weighs each line's length itself.
pub(crate) const GATES: super::Params = super::Params {
    max_sub: 40,
    max_long_sub: 80,
    max_run_in: 80,
    max_sentence: 40,
    max_numbered_sentence: 120,
    min_section: 2,
};

/// The score of `features` under the model in force.
pub(crate) fn decide(features: &[u64]) -> f64 {
    OVERRIDE.with(|o| match &*o.borrow() {
        Some(m) => m.score(features),
        None => SHIPPED_MODEL.score(features),
    })
}

/// One candidate line seen by the classifier, for training.
#[derive(Debug, Clone)]
pub struct Example {
    /// The line's text.
    pub text: String,
    /// Its 1-based line in the source (plain text), `None` for Markdown
    /// blocks (matched by text).
    pub line: Option<usize>,
    pub features: Vec<String>,
}

/// Runs `f` (which parses documents on this thread, e.g. by
/// `source::load_document`) and returns what it returns with the candidate
/// lines the classifier saw and their feature names, for training.
pub fn trace<R>(f: impl FnOnce() -> R) -> (R, Vec<Example>) {
    let old = TRACE.with(|t| t.replace(Some(Vec::new())));
    let r = f();
    let seen = TRACE.with(|t| std::mem::replace(&mut *t.borrow_mut(), old).unwrap_or_default());
    (r, seen)
}

/// Whether examples are being collected.
pub(crate) fn tracing() -> bool {
    TRACE.with(|t| t.borrow().is_some())
}

pub(crate) fn record(example: Example) {
    TRACE.with(|t| {
        if let Some(v) = t.borrow_mut().as_mut() {
            v.push(example);
        }
    });
}

/// FNV-1a over the name's bytes.
fn hash_name(name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Collects one line's features: hashed, and named when tracing.
pub(crate) struct Features {
    pub hashes: Vec<u64>,
    pub names: Option<Vec<String>>,
}

impl Features {
    pub fn new(named: bool) -> Features {
        Features {
            hashes: Vec::with_capacity(48),
            names: named.then(Vec::new),
        }
    }

    /// Adds the feature named by `parts` joined with `:`.
    pub fn add(&mut self, parts: &[&str]) {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for (k, p) in parts.iter().enumerate() {
            if k > 0 {
                h ^= u64::from(b':');
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            for b in p.bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        self.hashes.push(h);
        if let Some(n) = self.names.as_mut() {
            n.push(parts.join(":"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_hash_alike_joined_or_in_parts() {
        let mut f = Features::new(true);
        f.add(&["shape", "plain", "opens", "o2"]);
        assert_eq!(f.hashes[0], hash_name("shape:plain:opens:o2"));
        let m = Model::from_text("# c\nshape:plain:opens:o2 1.5\nbias -0.25\n").unwrap();
        assert_eq!(m.score(&f.hashes), 1.5);
        assert!(Model::from_text("nonsense").is_err());
        assert!(Model::from_text("a b c").is_err());
    }

    #[test]
    fn shipped_weights_read() {
        let m = Model::from_text(SHIPPED).unwrap();
        assert!(m.weights.len() > 20);
    }
}
