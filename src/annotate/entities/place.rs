use super::{Candidates, Lexicon, Sent};

pub(super) fn find(_sent: &Sent, _lex: &Lexicon, _out: &mut Candidates) {}
