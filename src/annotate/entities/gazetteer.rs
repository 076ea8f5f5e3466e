//! Places, organisations and well-known people from the lists in `data/entities/`, matched on
//! word boundaries (longest first).

use super::{Candidates, Label, Lexicon, Sent, Source};

pub(super) fn find(sent: &Sent, lex: &Lexicon, out: &mut Candidates) {
    let n = sent.toks.len();
    let mut i = 0;
    while i < n {
        let mut best: Option<(usize, Label)> = None;
        let mut chars = 0;
        for j in i..n {
            chars += sent.toks[j].chars;
            if chars > lex.gazetteer_max {
                break;
            }
            // One lookup per word: the entry this is, and whether any
            // entry goes on past it (else no longer span can match). The
            // first word's was looked up with the sentence.
            let step = if j == i {
                sent.toks[i].entry.step
            } else {
                lex.entry(sent.words(i, j + 1)).step
            };
            if let Some(label) = step.label {
                best = Some((j + 1, label));
            }
            if !step.longer {
                break;
            }
        }
        match best {
            Some((j, label)) => {
                let (start, end) = (sent.toks[i].start, sent.toks[j - 1].end);
                match lex.place_pieces(&sent.text[start..end]) {
                    Some(pieces) if label == Label::Loc => {
                        for (a, b) in pieces {
                            out.push(start + a, start + b, label, Source::Dictionary, 0.9);
                        }
                    }
                    _ => out.push(start, end, label, Source::Dictionary, 0.9),
                }
                i = j;
            }
            None => i += 1,
        }
    }
}
