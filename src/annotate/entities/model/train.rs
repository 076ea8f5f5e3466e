//! Training the entity model: the averaged structured perceptron (Collins
//! 2002) over [`super::features`], with a fixed shuffling seed so that the
//! same data gives the same model.

use super::features::{self, PER_CHAR};
use super::{INSIDE, LANES, Model, NT, Transitions, best_tags};
use crate::annotate::Resources;
use crate::annotate::entities::rules;
use crate::annotate::tokens::tag;

/// One training sentence: its features and gold tags.
pub struct Example {
    pub ids: Vec<u32>,
    pub gold: Vec<u8>,
    /// Only the entities marked are known: an unmarked character may be
    /// part of an entity the annotators left out (a file of another
    /// convention), so the sentence is learnt from the best tagging that
    /// keeps its marked entities ([`completed`]) rather than from its `O`s.
    pub partial: bool,
}

impl Example {
    /// Features of `text` (jieba tags and the rule layer's entities included)
    /// with its gold tags (one per character, see [`super::tag_index`]).
    pub fn new(text: &str, gold: Vec<u8>, res: &Resources, bits: u32) -> Example {
        let tags = tag(&res.jieba, &res.pos_overrides, text);
        let ruled = rules(text, &tags, res);
        let f = features::extract(text, &tags, &ruled, res.dictionary(), &res.entities, bits);
        Example {
            ids: f.ids,
            gold,
            partial: false,
        }
    }
}

/// Below any path's score: the tags a partly marked sentence rules out.
const RULED_OUT: f32 = -1e20;

/// The best tagging under the current scores `em` that keeps `gold`'s
/// marked entities as they are: a marked character keeps its tag, and an
/// unmarked one may take any tag, except that it does not go on with the
/// entity marked right before it.
fn completed(em: &[[f32; NT]], gold: &[u8], t: &Transitions) -> Vec<u8> {
    let mut m = em.to_vec();
    for (i, row) in m.iter_mut().enumerate() {
        let g = gold.get(i).copied().unwrap_or(0) as usize;
        if g != 0 {
            for (k, x) in row.iter_mut().enumerate() {
                if k != g {
                    *x = RULED_OUT;
                }
            }
        } else if i > 0 && gold.get(i - 1).is_some_and(|&p| p != 0) {
            for k in INSIDE {
                row[k] = RULED_OUT;
            }
        }
    }
    best_tags(&m, t).0
}

/// Perceptron state: current weights and the step-weighted sums of updates
/// that give the averaged weights.
pub struct Trainer {
    bits: u32,
    w: Vec<[f32; LANES]>,
    acc: Vec<[f32; LANES]>,
    t: Transitions,
    t_acc: Transitions,
    step: f32,
}

/// A small deterministic generator (xorshift64*) for the shuffles.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

impl Trainer {
    pub fn new(bits: u32) -> Trainer {
        Trainer {
            bits,
            w: vec![[0.0; LANES]; 1 << bits],
            acc: vec![[0.0; LANES]; 1 << bits],
            t: Transitions::default(),
            t_acc: Transitions::default(),
            step: 1.0,
        }
    }

    fn emissions(&self, ids: &[u32]) -> Vec<[f32; NT]> {
        ids.chunks_exact(PER_CHAR)
            .map(|fs| {
                let mut e = [0f32; LANES];
                for &f in fs {
                    for (e, w) in e.iter_mut().zip(&self.w[f as usize]) {
                        *e += w;
                    }
                }
                let mut out = [0f32; NT];
                out.copy_from_slice(&e[..NT]);
                out
            })
            .collect()
    }

    fn update(&mut self, ids: &[u32], tags: &[u8], d: f32) {
        let s = self.step * d;
        for (i, fs) in ids.chunks_exact(PER_CHAR).enumerate() {
            let y = tags[i] as usize;
            for &f in fs {
                self.w[f as usize][y] += d;
                self.acc[f as usize][y] += s;
            }
            match i.checked_sub(1) {
                None => {
                    self.t.start[y] += d;
                    self.t_acc.start[y] += s;
                }
                Some(p) => {
                    let p = tags[p] as usize;
                    self.t.trans[p][y] += d;
                    self.t_acc.trans[p][y] += s;
                }
            }
        }
    }

    /// One pass over `examples` in the order given; returns the number of
    /// sentences decoded wrongly.
    pub fn epoch(&mut self, examples: &[Example], order: &[usize]) -> usize {
        let mut wrong = 0;
        for &k in order {
            let ex = &examples[k];
            let em = self.emissions(&ex.ids);
            let (pred, _) = best_tags(&em, &self.t);
            let completed_gold;
            let gold = if ex.partial {
                completed_gold = completed(&em, &ex.gold, &self.t);
                &completed_gold
            } else {
                &ex.gold
            };
            if pred != *gold {
                wrong += 1;
                self.update(&ex.ids, gold, 1.0);
                self.update(&ex.ids, &pred, -1.0);
            }
            self.step += 1.0;
        }
        wrong
    }

    /// The averaged weights as a quantised model.
    pub fn averaged(&self) -> Model {
        let (w, t) = self.averaged_floats();
        Model::quantise(self.bits, &w, t)
    }

    /// The averaged weights and transitions, before quantising.
    #[allow(clippy::needless_range_loop)] // tag indices into matrices
    pub fn averaged_floats(&self) -> (Vec<[f32; LANES]>, Transitions) {
        let c = self.step;
        let w: Vec<[f32; LANES]> = self
            .w
            .iter()
            .zip(&self.acc)
            .map(|(w, a)| {
                let mut o = [0f32; LANES];
                for k in 0..LANES {
                    o[k] = w[k] - a[k] / c;
                }
                o
            })
            .collect();
        let mut t = Transitions::default();
        for k in 0..NT {
            t.start[k] = self.t.start[k] - self.t_acc.start[k] / c;
            for j in 0..NT {
                t.trans[k][j] = self.t.trans[k][j] - self.t_acc.trans[k][j] / c;
            }
        }
        (w, t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Emissions that favour `want[i]` at each character.
    fn favouring(want: &[u8]) -> Vec<[f32; NT]> {
        want.iter()
            .map(|&w| {
                let mut row = [0.0; NT];
                row[w as usize] = 5.0;
                row
            })
            .collect()
    }

    #[test]
    fn a_partly_marked_sentence_keeps_its_entities_and_fills_the_rest() {
        let t = Transitions::default();
        // Marked: a person (B-PER I-PER) at 0..2; the rest unmarked.
        let gold = [1, 2, 0, 0, 0, 0];
        // The scores see a place at 3..5 the annotators left out, and
        // would go on with the person at 2 and read 0 as outside.
        let em = favouring(&[0, 2, 2, 5, 6, 0]);
        let done = completed(&em, &gold, &t);
        // The marked person stays as marked and does not grow; the
        // unmarked place is taken from the scores, not from the `O`s.
        assert_eq!(done, vec![1, 2, 0, 5, 6, 0]);
        // A fully unmarked sentence is the scores' own best tagging.
        assert_eq!(
            completed(&em, &[0; 6], &t),
            best_tags(&em, &t).0,
            "nothing marked: nothing kept"
        );
    }
}
