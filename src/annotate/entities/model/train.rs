//! Training the entity model: the averaged structured perceptron (Collins
//! 2002) over [`super::features`], with a fixed shuffling seed so that the
//! same data gives the same model.

use super::features::{self, PER_CHAR};
use super::{LANES, Model, NT, Transitions, decode};
use crate::annotate::Resources;
use crate::annotate::entities::rules;
use crate::annotate::tokens::tag;

/// One training sentence: its features and gold tags.
pub struct Example {
    pub ids: Vec<u32>,
    pub gold: Vec<u8>,
}

impl Example {
    /// Features of `text` (jieba tags and the rule layer's entities included)
    /// with its gold tags (one per character, see [`super::tag_index`]).
    pub fn new(text: &str, gold: Vec<u8>, res: &Resources, bits: u32) -> Example {
        let tags = tag(&res.jieba, &res.pos_overrides, text);
        let ruled = rules(text, &tags, res);
        let f = features::extract(text, &tags, &ruled, res.dictionary(), &res.entities, bits);
        Example { ids: f.ids, gold }
    }
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
            let (pred, _) = decode(&self.emissions(&ex.ids), &self.t);
            if pred != ex.gold {
                wrong += 1;
                self.update(&ex.ids, &ex.gold, 1.0);
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
