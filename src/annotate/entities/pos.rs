//! jieba's name tags as a weak fallback: `nr`/`nrfg`/`nrt` → PER (when the
//! word has a person's shape), `ns` → LOC, `nt` → ORG.

use super::{Candidates, Label, Lexicon, Sent, Source};

pub(super) fn find(sent: &Sent, lex: &Lexicon, out: &mut Candidates) {
    for t in &sent.toks {
        if lex.common_ns_nt.contains(t.word) {
            continue;
        }
        let (label, conf) = match t.pos {
            "nr" | "nrfg" | "nrt" => {
                if lex.not_person.contains(t.word) || lex.places.contains(t.word) {
                    continue;
                }
                // Chinese names are the person rules' job; here only the
                // longer names without a surname (克林顿, 基里延科).
                let function_start = t.word.starts_with([
                    '为', '在', '和', '与', '的', '是', '对', '从', '把', '被', '将', '向', '于',
                    '大', '小',
                ]);
                match lex.surname_of(t.word) {
                    None if t.chars >= 3 && !function_start => (Label::Per, 0.45),
                    _ => continue,
                }
            }
            "ns" if t.chars >= 2 && !t.word.chars().all(|c| lex.loc_abbrev.contains(&c)) => {
                (Label::Loc, 0.55)
            }
            "nt" if t.chars >= 2 && !lex.not_org.contains(t.word) => (Label::Org, 0.55),
            _ => continue,
        };
        out.push(t.start, t.end, label, Source::Pos, conf);
    }
}
