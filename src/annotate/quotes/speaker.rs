//! Who speaks each quotation: the ways Chinese text marks speech, tried in
//! order of how surely they name the speaker (the `pattern` attr):
//!
//! - `before`: a verb of saying right before the quote (张三说：“…”,
//!   宋江道；“…”, 蕭世和說：「…」, 他擦着汗笑着说，“…”);
//! - `after`: a verb of saying in the clause after it (“…”村民张三说。) —
//!   unless that verb introduces the next quote (“…”沙僧道：“…”);
//! - `turn`: an interview turn, the line opening with a short label and a
//!   colon (记者：“…”, 問：「…」);
//! - `name-after`: a person named at the start of the clause after the
//!   quote, without a verb (“…”某村村民张三笑得合不拢嘴);
//! - `subject`: the quote hangs on a sentence by a comma or a colon without
//!   a verb (她趕回酒店上網看新聞，「…」): the sentence's subject;
//! - `next-sentence`: a quote opening its paragraph, and the sentence after
//!   it names a person (“…”去年夏天，43岁的张三通过直播……);
//! - `revealed`: the verb before names nobody in particular (一人道), and
//!   the text tells who it was after the quote (众人看时，却是时迁);
//! - `alternating`: two-party dialogue without tags — a bare quote after
//!   quotes by A and then B, each opening its paragraph, is A's;
//! - `after-run`: a run of bare quote paragraphs, and the paragraph after
//!   it opens with a person (“…”\n“…”\n漫步其中，张三一边……);
//! - `continued`: an earlier quote of the same paragraph has a speaker;
//! - `previous`: a quote opening a paragraph without any attribution, in
//!   the paragraph after one whose last quote had a speaker (interviews:
//!   the interviewee goes on);
//! - `interviewee`: one named person speaks most of the document's
//!   attributed quotes (a one-person interview or profile): the quotes left
//!   without a speaker, or given only by a guess (`paragraph`, `previous`)
//!   to someone who never speaks, are theirs ([`Scene::interviewee`]).
//!
//! - `echo`: a quotation repeated elsewhere in the document (a title or
//!   section heading quoting the body) takes the speaker given there
//!   ([`Scene::echo`]).
//!
//! A speaker phrase may be a noun phrase for a person rather than a name
//! (环卫阿姨, 她爱人, 上交所有关人士: [`Scene::role_np`]); 他/她 stand for
//! the nearest person named where a subject stands, a speaker found
//! before, or, when neither is near, such a noun phrase ([`Scene::resolve`]).
//!
//! (`continued-line`, the later lines of a quote running over several
//! lines, is set by the quotes layer from the first line's speaker.)
//!
//! In each, the speaker phrase is read the same way ([`Scene::subject`]):
//! a pronoun at its start (他/她 resolved to the nearest named person), else
//! the first person the entities layer found in it, else a name after a
//! title word, else a cited document or body (《决定》指出, 宪法规定),
//! else the phrase itself when it is short and starts with a noun (渔人,
//! 记者, 环卫阿姨) — never a verb phrase (抢进几步, 便回答).

use super::agent;
use super::words::{
    CUT_FIRST, CUTS, LEADS, NOBODY, PRONOUNS, RESOLVED_PRONOUNS, SAY_FIRST, SAY_VERBS, TITLE_FIRST,
    TITLES, ends_sentence, is_boundary, is_han, person_noun, verb_ok,
};
use crate::model::{Annotation, Layer, Span, Token};
use crate::text::floor_boundary;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};

/// A speaker found for a quote.
#[derive(Debug, Clone, PartialEq)]
pub struct Speaker {
    /// The words naming the speaker (for a resolved pronoun: the named
    /// mention it stands for).
    pub span: Span,
    /// The entity annotation the speaker is, when there is one.
    pub entity: Option<usize>,
    /// How it was found (see the module documentation).
    pub pattern: &'static str,
    /// The pronoun that led to the speaker, when one did.
    pub pronoun: Option<Span>,
}

/// A quotation that reads as speech: its marks' byte offsets.
#[derive(Debug, Clone, Copy)]
pub struct Quote {
    pub open: usize,
    pub close_end: usize,
}

/// The share of a document's attributed quotes one person must speak for
/// the document to be read as their interview ([`Scene::interviewee`]).
const DOMINANT_SHARE: f64 = 0.6;
/// The fewest quotes that person must speak.
const DOMINANT_MIN: usize = 3;

/// The fewest letters a quotation repeated elsewhere must have to take the
/// other's speaker ([`Scene::echo`]).
const ECHO_MIN: usize = 5;

/// How many quotations before and after one [`Scene::echo`] compares it
/// with (an article's title and its body; linear in a long book).
const ECHO_REACH: usize = 60;

/// The most characters outside quotation marks a paragraph of a dialogue
/// turn holds (我笑着说：“…”; “…”她哈哈笑起来。) for [`Scene::alternating`].
const TURN_CHARS: usize = 40;

/// Verbs of calling out that introduce a quote before a colon.
const CALL_VERBS: &[&str] = &["叫", "喊", "嚷", "喝", "骂", "罵"];

/// Verbs right before a person that make them the one addressed, not the
/// speaker (唤石秀, 问他, 对记者, 向玉帝, 与宋江, 把他; not 见: 忽见李逵叫道
/// is his).
const ADDRESS: &str = "唤喚叫请請问問教对對向与與把给給跟";

/// Farthest a clause is read before or after a quote, in bytes.
const REACH: usize = 240;

/// The document as the speaker rules see it.
pub struct Scene<'a> {
    text: &'a str,
    tokens: &'a [Token],
    /// PER, ORG and WORK entities by start.
    ents: Vec<&'a Annotation>,
    starts: Vec<usize>,
    /// The speech quotations, in order.
    quotes: &'a [Quote],
    /// Every pair of marks (terms too), in order: names inside them are
    /// not antecedents.
    marks: &'a [Quote],
    /// The speakers found so far (not pronouns): antecedents for 他/她
    /// beside the named people (总书记称赞道 … 他说).
    spoken: RefCell<BTreeSet<(usize, usize)>>,
    /// Where each line after the first starts (after its `\n`): a
    /// quote's line found by a binary search, not by a search back
    /// through the text, which made a long line's quotes quadratic.
    lines: Vec<usize>,
}

impl<'a> Scene<'a> {
    pub fn new(
        text: &'a str,
        tokens: &'a [Token],
        annotations: &'a [Annotation],
        quotes: &'a [Quote],
        marks: &'a [Quote],
    ) -> Self {
        let mut ents: Vec<&Annotation> = annotations
            .iter()
            .filter(|a| a.layer == Layer::Entities && matches!(&*a.label, "PER" | "ORG" | "WORK"))
            .collect();
        ents.sort_by_key(|e| e.span.start);
        let starts = ents.iter().map(|e| e.span.start).collect();
        let lines = memchr::memchr_iter(b'\n', text.as_bytes())
            .map(|k| k + 1)
            .collect();
        Scene {
            text,
            tokens,
            ents,
            starts,
            quotes,
            marks,
            spoken: RefCell::new(BTreeSet::new()),
            lines,
        }
    }

    /// The start of the line holding byte `at`.
    fn line_start(&self, at: usize) -> usize {
        match self.lines.partition_point(|&s| s <= at) {
            0 => 0,
            k => self.lines[k - 1],
        }
    }

    /// Speakers of all the quotes, in order.
    pub fn attribute(&self) -> Vec<Option<Speaker>> {
        let mut out: Vec<Option<Speaker>> = Vec::with_capacity(self.quotes.len());
        // The last speaker found (quote index), for `continued`/`previous`.
        let mut last: Option<usize> = None;
        for (i, q) in self.quotes.iter().enumerate() {
            let found = self
                .own(q)
                .or_else(|| self.alternating(i, &out))
                .or_else(|| {
                    let prev = last.and_then(|k| Some((k, out[k].as_ref()?)));
                    let (k, s) = prev?;
                    let pq = self.quotes[k];
                    let para = self.line_start(q.open);
                    let between = Span::new(pq.close_end, q.open);
                    let other = self.within(between).iter().any(|e| {
                        e.label == "PER"
                            && !self.in_quote(e.span.start)
                            && e.span.text(self.text) != s.span.text(self.text)
                    });
                    if pq.open >= para && !other {
                        // A guess stays a guess (the interviewee may
                        // outrank it).
                        let pattern = if weak_guess(s, self.text) {
                            s.pattern
                        } else {
                            "continued"
                        };
                        return Some(Speaker {
                            pattern,
                            ..s.clone()
                        });
                    }
                    let opens = self.text[para..q.open].trim().is_empty();
                    let named = !PRONOUNS.contains(&s.span.text(self.text));
                    (opens && pq.open >= self.previous_paragraph(para) && named).then(|| Speaker {
                        pattern: "previous",
                        ..s.clone()
                    })
                })
                .or_else(|| self.after_run(i));
            if let Some(s) = &found {
                last = Some(i);
                if !PRONOUNS.contains(&s.span.text(self.text)) {
                    self.spoken.borrow_mut().insert((s.span.start, s.span.end));
                }
            }
            out.push(found);
        }
        self.echo(&mut out);
        self.interviewee(&mut out);
        out
    }

    /// A quotation whose words are quoted again in the document (a title or
    /// a section heading repeating what someone says in the body, a saying
    /// taken up again later): when it has no speaker of its own, or only a
    /// guess, the speaker the text gives the other quotation (pattern
    /// `echo`). The shorter must be at least [`ECHO_MIN`] characters and lie
    /// inside the longer (letters and digits compared, marks ignored).
    fn echo(&self, out: &mut [Option<Speaker>]) {
        let text = self.text;
        let words: Vec<String> = self
            .quotes
            .iter()
            .map(|q| {
                text[q.open..q.close_end]
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect()
            })
            .collect();
        let sure = |s: &Speaker| {
            !weak_guess(s, text) && !matches!(s.pattern, "after-run" | "interviewee" | "echo")
        };
        for i in 0..out.len() {
            if out[i].as_ref().is_some_and(&sure) || words[i].chars().count() < ECHO_MIN {
                continue;
            }
            let near = i.saturating_sub(ECHO_REACH)..(i + ECHO_REACH).min(out.len());
            let same = near.into_iter().find(|&j| {
                j != i
                    && out[j].as_ref().is_some_and(&sure)
                    && words[j].chars().count() >= ECHO_MIN
                    && (words[j].contains(&words[i]) || words[i].contains(&words[j]))
            });
            if let Some(s) = same.and_then(|j| out[j].clone()) {
                out[i] = Some(Speaker {
                    pattern: "echo",
                    pronoun: None,
                    ..s
                });
            }
        }
    }

    /// A one-person interview or profile: when one named person speaks
    /// most of the quotes the document attributes ([`DOMINANT_SHARE`], at
    /// least [`DOMINANT_MIN`] times), the quotes left without a speaker are
    /// theirs, and so are those given only by the weakest patterns (a
    /// person merely mentioned in the paragraph, the previous paragraph's
    /// speaker) to someone who never speaks elsewhere.
    fn interviewee(&self, out: &mut [Option<Speaker>]) {
        let text = self.text;
        // Each name that speaks, in the order first found, with its count
        // (found through a map: a document of many speakers is not read
        // once per speaker).
        let mut counts: Vec<(&str, usize, Speaker)> = Vec::new();
        let mut at: HashMap<&str, usize> = HashMap::new();
        let mut total = 0;
        for s in out.iter().flatten() {
            let t = s.span.text(text);
            if PRONOUNS.contains(&t) {
                continue;
            }
            total += 1;
            match at.get(t) {
                Some(&k) => counts[k].1 += 1,
                None => {
                    at.insert(t, counts.len());
                    counts.push((t, 1, s.clone()));
                }
            }
        }
        // A short form (蕭 for 蕭世和) counts for the full name: each of
        // the name's beginnings that speaks.
        let full: Vec<(&str, usize, &Speaker)> = counts
            .iter()
            .map(|(n, _, s)| {
                let k = n
                    .char_indices()
                    .map(|(i, c)| &n[..i + c.len_utf8()])
                    .filter_map(|prefix| at.get(prefix).map(|&k| counts[k].1))
                    .sum();
                (*n, k, s)
            })
            .collect();
        let Some((name, n, lead)) = full
            .iter()
            .max_by_key(|(_, k, _)| *k)
            .map(|&(t, k, s)| (t, k, s.clone()))
        else {
            return;
        };
        // A person the entities layer knows, not a role (记者) or a body.
        let person = lead.entity.is_some_and(|id| {
            self.ents
                .iter()
                .any(|e| e.index() == id && e.label == "PER")
        });
        if !person || n < DOMINANT_MIN || (n as f64) < DOMINANT_SHARE * total as f64 {
            return;
        }
        // The names that speak somewhere by a pattern of their own.
        let own: HashSet<&str> = out
            .iter()
            .flatten()
            .filter(|s| {
                !weak_guess(s, text) && !matches!(s.pattern, "continued" | "alternating" | "echo")
            })
            .map(|s| s.span.text(text))
            .collect();
        let speaks = |t: &str| own.contains(t);
        let weak: Vec<bool> = out
            .iter()
            .map(|s| match s {
                None => true,
                Some(s) => {
                    weak_guess(s, text)
                        && !speaks(s.span.text(text))
                        && !name.starts_with(s.span.text(text))
                }
            })
            .collect();
        for (s, weak) in out.iter_mut().zip(weak) {
            if weak {
                *s = Some(Speaker {
                    pattern: "interviewee",
                    pronoun: None,
                    ..lead.clone()
                });
            }
        }
    }

    /// The start of the paragraph before the one starting at `para`
    /// (blank lines between skipped).
    fn previous_paragraph(&self, para: usize) -> usize {
        let text = self.text;
        let mut at = self.line_start(para.saturating_sub(1));
        while at > 0 && text[at..para].trim().is_empty() {
            at = self.line_start(at - 1);
        }
        at
    }

    /// Whether the quote is its paragraph, alone on its line (trailing
    /// punctuation aside).
    fn bare(&self, q: &Quote) -> bool {
        let text = self.text;
        let ls = self.line_start(q.open);
        // The rest of the line read only as far as it is punctuation (not
        // to its end: a long line's quotes would each read all of it).
        text[ls..q.open].trim().is_empty()
            && text[q.close_end..]
                .chars()
                .take_while(|&c| c != '\n')
                .all(|c| {
                    c.is_whitespace()
                        || matches!(c, '。' | '！' | '？' | '，' | '…' | '.' | '!' | '?')
                })
    }

    /// Two-party dialogue without tags: a bare quote paragraph after two
    /// short turn paragraphs whose last quotes are spoken by A and then B
    /// (A ≠ B) is A's (“…”我说。 / “…”她笑着。 / “…” → 我).
    fn alternating(&self, i: usize, out: &[Option<Speaker>]) -> Option<Speaker> {
        if i < 2 || !self.bare(&self.quotes[i]) {
            return None;
        }
        let text = self.text;
        let para = self.line_start(self.quotes[i].open);
        let p1 = self.previous_paragraph(para);
        let p2 = self.previous_paragraph(p1);
        if p2 >= p1 || p1 >= para {
            return None;
        }
        // The last quote of each of the two paragraphs before.
        let b = i - 1;
        let a = self.quotes[..b].iter().rposition(|q| q.open < p1)?;
        if self.quotes[b].open < p1 || self.quotes[a].open < p2 {
            return None;
        }
        let (sa, sb) = (out[a].as_ref()?, out[b].as_ref()?);
        let (ta, tb) = (sa.span.text(text), sb.span.text(text));
        let short = |from: usize, to: usize| self.outside_quotes(Span::new(from, to)) <= TURN_CHARS;
        (!ta.contains(tb) && !tb.contains(ta) && short(p1, para) && short(p2, p1)).then(|| {
            Speaker {
                pattern: "alternating",
                ..sa.clone()
            }
        })
    }

    /// How many characters of `span` lie outside quotation marks.
    fn outside_quotes(&self, span: Span) -> usize {
        let text = self.text;
        let mut n = 0;
        let mut at = span.start;
        let k = self.marks.partition_point(|q| q.close_end <= span.start);
        for q in &self.marks[k..] {
            if q.open >= span.end {
                break;
            }
            if q.open > at {
                n += text[at..q.open].trim().chars().count();
            }
            at = at.max(q.close_end);
        }
        if at < span.end {
            n += text[at..span.end].trim().chars().count();
        }
        n
    }

    /// A run of bare quote paragraphs with no speaker, and the paragraph
    /// after the run names a person first (“…”\n“…”\n漫步其中，张三一边……):
    /// that person.
    fn after_run(&self, i: usize) -> Option<Speaker> {
        let text = self.text;
        if !self.bare(&self.quotes[i]) {
            return None;
        }
        let mut k = i;
        while k + 1 < self.quotes.len()
            && self.bare(&self.quotes[k + 1])
            && self.previous_paragraph(self.line_start(self.quotes[k + 1].open))
                <= self.quotes[k].open
        {
            k += 1;
        }
        let end = self.quotes[k].close_end;
        let next = text[end..].find('\n').map(|n| end + n + 1)?;
        let body = text[next..].trim_start();
        let from = text.len() - body.len();
        if body.starts_with(['“', '「', '『']) {
            return None;
        }
        let mut to = floor_boundary(text, (from + 60).min(text.len()));
        if let Some(n) = text[from..to].find(ends_sentence) {
            to = from + n;
        }
        let sentence = Span::new(from, to);
        if let Some(e) = self.first_entity(sentence, "PER") {
            return Some(Speaker {
                span: e.span,
                entity: Some(e.index()),
                pattern: "after-run",
                pronoun: None,
            });
        }
        // A title opening the paragraph (总书记饶有兴味……).
        let t = TITLES.iter().find(|t| body.starts_with(*t))?;
        Some(Speaker {
            span: Span::new(from, from + t.len()),
            entity: None,
            pattern: "after-run",
            pronoun: None,
        })
    }

    /// The speaker the text gives this quote itself (every pattern but
    /// `continued` and `previous`).
    fn own(&self, q: &Quote) -> Option<Speaker> {
        let after = self.after_clause(q);
        // 一人道 / 两个人喝道: who it was may be told after the quote.
        let before = match self.before_verb(q) {
            Some(s)
                if s.entity.is_some() || !s.span.text(self.text).contains(['一', '两', '兩']) =>
            {
                Some(s)
            }
            b => self.revealed(q).or(b),
        };
        before
            .or_else(|| self.after_verb(&after))
            .or_else(|| self.turn(q))
            .or_else(|| self.name_after(&after))
            .or_else(|| self.sentence_subject(q))
            .or_else(|| self.next_sentence(q, &after))
            .or_else(|| {
                // A quote with its own verb of saying before it is not
                // spoken by whoever introduces the next one.
                self.verb_before(q)
                    .is_none()
                    .then(|| self.opening_introducer(q, &after))
                    .flatten()
            })
            .or_else(|| self.paragraph_person(q))
    }

    /// `罗世礼认为，…。作为…，中国…。“…”`: the quote follows a sentence
    /// of its paragraph: the person named last before it there, outside
    /// quotations.
    fn paragraph_person(&self, q: &Quote) -> Option<Speaker> {
        let text = self.text;
        let para = self.line_start(q.open);
        let head = text[para..q.open].trim_end_matches([' ', '\u{3000}']);
        if !head.ends_with(['。', '！', '？', '!', '?', '，', ',', '：', ':']) {
            return None;
        }
        let e = self
            .within(Span::new(para, q.open))
            .iter()
            .rev()
            .find(|e| {
                e.label == "PER" && !self.in_quote(e.span.start) && !self.addressed(e.span)
            })?;
        Some(Speaker {
            span: e.span,
            entity: Some(e.index()),
            pattern: "paragraph",
            pronoun: None,
        })
    }

    /// `“A”罗世礼表示：“B”` with A the first quote of its paragraph: the
    /// speaker who introduces B spoke A too (no one spoke before A there).
    fn opening_introducer(&self, q: &Quote, after: &After) -> Option<Speaker> {
        let text = self.text;
        let para = self.line_start(q.open);
        let k = self.quotes.partition_point(|o| o.open < q.open);
        let first_in_paragraph = k == 0 || self.quotes[k - 1].open < para;
        if !after.introduces || !first_in_paragraph {
            return None;
        }
        let clause = after.span;
        let (v, _) = verb_at_end(text, clause.start, clause.end)?;
        self.subject(Span::new(clause.start, v), "after")
    }

    /// `XX说：“…”`: the clause before the opening mark ends with a verb of
    /// saying (and a colon, comma or semicolon, or nothing).
    fn before_verb(&self, q: &Quote) -> Option<Speaker> {
        let text = self.text;
        let (start, v) = self.verb_before(q)?;
        if let Some(s) = self.subject(Span::new(start, v), "before") {
            return Some(s);
        }
        // 山坡上有人大叫道：“…” — someone not named: not the subject of
        // an earlier clause (who it was may be told after the quote).
        if NOBODY
            .iter()
            .filter(|w| w.chars().count() >= 2)
            .any(|w| text[start..v].contains(w))
        {
            return None;
        }
        // 宋江听了，大喜，便叫道：“…” — the subject in an earlier clause of
        // the sentence (nearest first, up to three).
        let first = sentence_start(text, start);
        let mut clause_end = start;
        for _ in 0..3 {
            let Some(stop) = text[first..clause_end]
                .char_indices()
                .next_back()
                .filter(|&(_, c)| matches!(c, '，' | ',' | '；' | ';'))
                .map(|(k, _)| first + k)
            else {
                break;
            };
            let cs = clause_start(text, stop).max(first);
            // Only a person, a pronoun or a role there: a phrase of an
            // earlier clause is seldom the speaker (……的正確句子，陳指).
            if let Some(s) = self.subject(Span::new(cs, stop), "before").filter(|s| {
                s.entity.is_some()
                    || s.pronoun.is_some()
                    || self.is_role(s.span)
                    || s.span.len() <= 12 && agent::plausible(text, self.tokens, s.span)
            }) {
                return Some(s);
            }
            clause_end = cs;
        }
        self.dropped_subject(first, start)
    }

    /// `寿星又到。见玉帝礼毕又见如来申谢道：“…”`: a sentence that names no
    /// one before its verb of saying, and starts with no noun (its subject
    /// dropped), continues the sentence before it in the paragraph: that
    /// sentence's subject, a person or a noun phrase opening it.
    fn dropped_subject(&self, first: usize, start: usize) -> Option<Speaker> {
        let text = self.text;
        let opening = Span::new(first, start.max(first));
        let head = text[first..].trim_start();
        // (一个好汉…大叫: someone new, who may be told after the quote.)
        let someone = opening.text(text);
        if PRONOUNS.iter().any(|p| head.starts_with(p))
            || agent::INDEFINITE.iter().any(|w| someone.contains(w))
            || agent::agent(text, self.tokens, opening).is_some()
        {
            return None;
        }
        let before = text[..first].trim_end();
        if !before.ends_with(['。', '！', '!']) || first <= self.line_start(first) {
            return None;
        }
        let end = before.len() - 3.min(before.len());
        let ps = sentence_start(text, floor_boundary(text, end)).max(self.line_start(first));
        let to = text[ps..end].find(is_boundary).map_or(end, |k| ps + k);
        let clause = Span::new(ps, to);
        if clause.is_empty() || self.in_quote(ps) {
            return None;
        }
        if let Some(e) = self
            .first_entity(clause, "PER")
            .filter(|e| text[ps..e.span.start].chars().count() <= 2 && !self.addressed(e.span))
        {
            return Some(self.entity_speaker(e.span, "before"));
        }
        agent::agent(text, self.tokens, clause).map(|span| self.entity_speaker(span, "before"))
    }

    /// The verb of saying that introduces the quote (`XX说：“…”`): the
    /// start of its clause and of the verb. A 道 right before a colon and
    /// the mark is one even inside a word (回来报道；“…”).
    fn verb_before(&self, q: &Quote) -> Option<(usize, usize)> {
        let text = self.text;
        let head = text[..q.open].trim_end_matches([' ', '\u{3000}', '\t']);
        let bare = head.strip_suffix(['：', ':', '，', ',', '；', ';']);
        let end = bare.unwrap_or(head).len();
        let start = clause_start(text, end);
        if let Some((v, _)) = verb_at_end(text, start, end) {
            return Some((start, v));
        }
        let colon = head.ends_with(['：', ':', '；', ';']);
        if colon && text[start..end].ends_with(['道', '曰']) && end - start > 3 {
            return Some((start, end - 3));
        }
        // A verb of calling out before a colon (宋江大叫：“…”, 他喊：「…」).
        let call = CALL_VERBS
            .iter()
            .find(|c| text[start..end].ends_with(*c) && end - start > c.len())?;
        colon.then(|| (start, end - call.len()))
    }

    /// `…一人道：“…”众人看时，却是鼓上蚤时迁。`: a quote introduced by a
    /// verb whose subject names nobody, and the speaker named after it as
    /// the one the others see or hear (看时…是 X, 听得是 X).
    fn revealed(&self, q: &Quote) -> Option<Speaker> {
        let text = self.text;
        self.verb_before(q)?;
        let start = q.close_end;
        let mut end = floor_boundary(text, (start + REACH).min(text.len()));
        if let Some(k) = text[start..end].find(['“', '「', '『', '\n']) {
            end = start + k;
        }
        let zone = &text[start..end];
        for cue in [
            "看时", "看時", "听得", "聽得", "看见", "看見", "认得", "認得",
        ] {
            let Some(k) = zone.find(cue) else { continue };
            let after_cue = start + k + cue.len();
            let w = floor_boundary(text, (after_cue + 12).min(end));
            let Some(j) = text[after_cue..w].find('是') else {
                continue;
            };
            let from = after_cue + j + '是'.len_utf8();
            let to = floor_boundary(text, (from + 30).min(end));
            if let Some(e) = self.first_entity(Span::new(from, to), "PER") {
                return Some(Speaker {
                    span: e.span,
                    entity: Some(e.index()),
                    pattern: "revealed",
                    pronoun: None,
                });
            }
            // No entity: the noun phrase of the clause (是黑旋风李逵轮…).
            let clause_end = text[from..to].find(is_boundary).map_or(to, |k| from + k);
            if let Some(span) = agent::agent(text, self.tokens, Span::new(from, clause_end)) {
                return Some(self.entity_speaker(span, "revealed"));
            }
        }
        None
    }

    /// The clause after the closing mark and whether its verb introduces
    /// the next quote.
    fn after_clause(&self, q: &Quote) -> After {
        let text = self.text;
        let mut start = q.close_end;
        for p in [',', '，'] {
            if text[start..].starts_with(p) {
                start += p.len_utf8();
            }
        }
        let rest = &text[start..];
        let mut end = floor_boundary(text, start + rest.len().min(REACH));
        if let Some((k, _)) = text[start..end]
            .char_indices()
            .find(|&(_, c)| is_boundary(c))
        {
            end = start + k;
        }
        let next = text[end..].chars().next();
        let opens_quote = |at: usize| {
            text[at..]
                .trim_start_matches([' ', '\u{3000}'])
                .starts_with(['“', '「', '『'])
        };
        let introduces = match next {
            Some('：' | ':' | '；' | ';') => true,
            Some('“' | '「' | '『') => true,
            // 宋江道，“…” introduces, 刘娜说，“…” both closes and opens:
            // a comma leaves the verb to both quotes.
            _ => false,
        } || (next.is_some_and(|c| matches!(c, '：' | ':'))
            && opens_quote(end + next.map_or(0, char::len_utf8)));
        // Up to the next opening mark within the sentence.
        let mut stop = floor_boundary(text, (start + REACH).min(text.len()));
        if let Some((k, _)) = text[start..stop]
            .char_indices()
            .find(|&(_, c)| matches!(c, '。' | '！' | '？' | '!' | '?' | '\n' | '“' | '「' | '『'))
        {
            stop = start + k;
        }
        let next_introduced = text[stop..].starts_with(['“', '「', '『']) && {
            let head = text[start..stop].trim_end_matches(['：', ':', '，', ',', '；', ';', ' ']);
            verb_at_end(text, start, start + head.len()).is_some()
        };
        After {
            span: Span::new(start, end),
            introduces,
            next_introduced,
        }
    }

    /// `“…”XX说。`: a verb of saying in the clause after the quote, that
    /// does not introduce the next one.
    fn after_verb(&self, after: &After) -> Option<Speaker> {
        if after.introduces {
            return None;
        }
        let clause = after.span;
        if let Some(v) = first_verb(self.text, clause) {
            return self.subject(Span::new(clause.start, v), "after");
        }
        self.after_sentence_verb(clause.start)
    }

    /// `“…”面对艰巨的任务，总设计师张三这样说。`: the sentence after the
    /// quote ends with a clause whose verb of saying closes it.
    fn after_sentence_verb(&self, start: usize) -> Option<Speaker> {
        let text = self.text;
        let limit = floor_boundary(text, (start + REACH * 2).min(text.len()));
        // A term in marks (五院“鹊桥”中继星总指挥) is read through.
        let (k, c) = text[start..limit].char_indices().find(|&(k, c)| {
            matches!(c, '。' | '！' | '？' | '!' | '?' | '\n' | '：' | ':')
                || matches!(c, '“' | '「' | '『') && !self.term_at(start + k)
        })?;
        if !matches!(c, '。' | '！' | '？' | '!' | '?') {
            return None;
        }
        let end = start + k;
        let cs = clause_start(text, end).max(start);
        let v = first_verb(text, Span::new(cs, end))?;
        self.subject(Span::new(cs, v), "after")
    }

    /// An interview turn: the quote's line opens with a short label and a
    /// colon (记者：“…”, 問：「…」, 蕭：「…」).
    fn turn(&self, q: &Quote) -> Option<Speaker> {
        let text = self.text;
        let ls = self.line_start(q.open);
        let line = &text[ls..q.open];
        let body = line.trim_start().trim_start_matches(['*', '-', '>', ' ']);
        let body_start = ls + (line.len() - body.len());
        let colon = body.find(['：', ':'])?;
        let label = body[..colon].trim_matches(['*', ' ']);
        let n = label.chars().count();
        if !(1..=6).contains(&n)
            || !label.chars().all(is_han)
            || SAY_VERBS.iter().any(|v| label.ends_with(v))
        {
            return None;
        }
        let off = body[..colon].find(label).unwrap_or(0);
        let span = Span::new(body_start + off, body_start + off + label.len());
        Some(self.entity_speaker(span, "turn"))
    }

    /// `“…”某县某村村民张三笑得合不拢嘴`: a person named at the start of
    /// the clause after the quote (within a few words), without a verb.
    fn name_after(&self, after: &After) -> Option<Speaker> {
        if after.introduces || after.next_introduced || after.span.is_empty() {
            return None;
        }
        let clause = after.span;
        // A few words in, or past an organisation that opens the clause
        // (浙江某某食品有限公司负责人张三).
        let mut reach = clause.start + 36;
        if let Some(o) = self
            .within(Span::new(clause.start, (clause.start + 12).min(clause.end)))
            .iter()
            .find(|o| o.label == "ORG" && o.span.end <= clause.end)
        {
            reach = reach.max(o.span.end + 36);
        }
        let head = Span::new(
            clause.start,
            floor_boundary(self.text, reach.min(clause.end)),
        );
        if let Some(p) = self.pronoun_at(clause.start) {
            return self.pronoun_speaker(p, clause, "name-after");
        }
        // A noun phrase for a person opening the clause (“…”环卫阿姨向我
        // 打招呼; a name in it is the speaker: 村民张三), when the quote
        // opens its paragraph (else what comes before it tells more).
        let opens = self.text[self.line_start(clause.start)..clause.start]
            .trim_start()
            .starts_with(['“', '「', '『']);
        if let Some((np, entity)) = self.role_np(clause) {
            let plural = np.text(self.text).ends_with(['们', '們']);
            if entity.is_some() || opens || !plural {
                return Some(Speaker {
                    span: np,
                    entity,
                    pattern: "name-after",
                    pronoun: None,
                });
            }
            // 科室的同事们记得: those who remember, not a later name.
            return None;
        }
        let e = self.first_entity(head, "PER")?;
        Some(Speaker {
            span: e.span,
            entity: Some(e.index()),
            pattern: "name-after",
            pronoun: None,
        })
    }

    /// `她趕回酒店上網看新聞，「…」`: the quote hangs on its sentence by a
    /// comma or colon without a verb: the subject of that sentence (the
    /// first person named in it, or a pronoun opening one of its clauses).
    fn sentence_subject(&self, q: &Quote) -> Option<Speaker> {
        let text = self.text;
        let head = text[..q.open].trim_end_matches([' ', '\u{3000}']);
        // After a comma or colon: the sentence the quote hangs on; after a
        // full stop: the sentence before it (杜中兵是老板，在他看来…。“…”).
        let hang = head.chars().next_back()?;
        let end = match hang {
            c @ ('：' | ':' | '，' | ',' | '。' | '！' | '？' | '!' | '?') => {
                head.len() - c.len_utf8()
            }
            _ => return None,
        };
        let start = sentence_start(text, end);
        let sentence = Span::new(start, end);
        // Not one called or asked (便叫李逵快走…，“…”).
        let person = self
            .within(sentence)
            .iter()
            .find(|e| e.label == "PER" && sentence.contains(&e.span) && !self.addressed(e.span))
            .copied();
        // A pronoun at the start of a clause, before the first person.
        let mut at = start;
        loop {
            if person.is_some_and(|e| e.span.start < at) {
                break;
            }
            let rest = &text[at..end];
            at += rest.len() - rest.trim_start().len();
            if let Some(p) = self.pronoun_at(at) {
                return self.pronoun_speaker(p, Span::new(at, end), "subject");
            }
            // A noun phrase for a person opening a clause of the sentence
            // the quote hangs on (一位武汉大爷拿出手机，“…”).
            if let Some((np, entity)) = self
                .role_np(Span::new(at, end))
                .filter(|_| !ends_sentence(hang))
            {
                return Some(Speaker {
                    span: np,
                    entity,
                    pattern: "subject",
                    pronoun: None,
                });
            }
            match text[at..end]
                .char_indices()
                .find(|&(_, c)| matches!(c, '，' | ','))
            {
                Some((k, c)) => at += k + c.len_utf8(),
                None => break,
            }
        }
        let e = person?;
        Some(Speaker {
            span: e.span,
            entity: Some(e.index()),
            pattern: "subject",
            pronoun: None,
        })
    }

    /// `“…”去年夏天，43岁的张三通过直播……`: a quote opening its paragraph,
    /// followed by a sentence that names a person.
    fn next_sentence(&self, q: &Quote, after: &After) -> Option<Speaker> {
        let text = self.text;
        if after.introduces
            || after.next_introduced
            || !text[self.line_start(q.open)..q.open].trim().is_empty()
        {
            return None;
        }
        let start = after.span.start;
        let mut end = floor_boundary(text, (start + REACH).min(text.len()));
        if let Some(k) = text[start..end].find(ends_sentence) {
            end = start + k;
        }
        let sentence = Span::new(start, end);
        let e = self.first_entity(sentence, "PER")?;
        Some(Speaker {
            span: e.span,
            entity: Some(e.index()),
            pattern: "next-sentence",
            pronoun: None,
        })
    }

    /// The speaker a phrase names (the words before a verb of saying).
    fn subject(&self, phrase: Span, pattern: &'static str) -> Option<Speaker> {
        let text = self.text;
        let mut start = phrase.start;
        // Leading whitespace and words that are not the speaker (据, 对此).
        loop {
            let s = &text[start..phrase.end];
            let trimmed = s.trim_start();
            if trimmed.len() < s.len() {
                start += s.len() - trimmed.len();
                continue;
            }
            match LEADS.iter().find(|l| trimmed.starts_with(*l)) {
                Some(l) if trimmed.len() > l.len() && self.pronoun_at(start).is_none() => {
                    start += l.len();
                }
                _ => break,
            }
        }
        let phrase = Span::new(start, phrase.end);
        if phrase.is_empty() {
            return None;
        }
        let s = phrase.text(text);
        if NOBODY.iter().any(|w| s.starts_with(w)) {
            return None;
        }
        if let Some(p) = self.pronoun_at(start) {
            return self.pronoun_speaker(p, phrase, pattern);
        }
        // A verb or a word of manner first: the phrase names no one (便回答).
        if CUTS.iter().any(|w| s.starts_with(w)) && !TITLES.iter().any(|t| s.starts_with(t)) {
            return None;
        }
        let cut = cut_end(s);
        let core_end = start + s[..cut].trim_end().len();
        let found = |span: Span, entity: Option<usize>| Speaker {
            span,
            entity,
            pattern,
            pronoun: None,
        };
        // 众人皆散只见店小二走来道: the one a word of perception or
        // existence introduces.
        if let Some(span) = agent::introduced(text, self.tokens, phrase) {
            return Some(self.entity_speaker(span, pattern));
        }
        // The people before any word of address (向玉帝… is not the
        // speaker), not a possessor (夏思思的好友 is not 夏思思).
        let people: Vec<&Annotation> = self
            .within(phrase)
            .iter()
            .filter(|e| {
                e.label == "PER"
                    && phrase.contains(&e.span)
                    && e.span.end <= core_end
                    && !text[e.span.end..].starts_with(['的', '之'])
                    // 便唤石秀，问道: the one called or asked is not the
                    // speaker.
                    && !text[phrase.start..e.span.start]
                        .chars()
                        .next_back()
                        .is_some_and(|c| ADDRESS.contains(c))
            })
            .copied()
            .collect();
        // A person right before the verb (…总处公使丁睿博说).
        if let Some(e) = people.iter().find(|e| e.span.end == core_end) {
            return Some(found(e.span, Some(e.index())));
        }
        // …经济总处公使丁睿博说: a name after a title right before the
        // verb, whatever words stand before the title.
        if let Some(te) = title_end(s) {
            let name = &s[te..];
            let n = name.chars().count();
            let word = self.token_at(start + te).is_none_or(|t| {
                !matches!(
                    t.pos().as_bytes().first(),
                    Some(b'v' | b'd' | b'p' | b'c' | b'r' | b'u' | b'm' | b'q')
                )
            });
            if (2..=3).contains(&n)
                && name.chars().all(is_han)
                && word
                && !CUTS.iter().any(|w| name.starts_with(w))
            {
                return Some(found(Span::new(start + te, phrase.end), None));
            }
        }
        // 副总裁兼中国区总经理李洁 → 李洁: a name after the last title word.
        let core = &s[..cut];
        if let Some(te) = title_end(core) {
            let name = &core[te..];
            let n = name.chars().count();
            if (2..=3).contains(&n) && name.chars().all(is_han) {
                return Some(found(Span::new(start + te, start + cut), None));
            }
        }
        if let Some(e) = people.first() {
            return Some(found(e.span, Some(e.index())));
        }
        // 蕭 for 蕭世和, 林鄭 for 林鄭月娥: the start of a person named
        // before, as the text shortens it.
        let n = core.chars().count();
        if (1..=2).contains(&n) && core.chars().all(is_han) {
            let k = self.starts.partition_point(|&x| x < start);
            let known = self.ents[..k].iter().rev().take(400).any(|e| {
                e.label == "PER" && {
                    let name = e.span.text(text);
                    name.len() > core.len() && name.starts_with(core)
                }
            });
            if known {
                return Some(found(Span::new(start, start + cut), None));
            }
        }
        // A noun phrase for a person opening the phrase (环卫阿姨, 上交所
        // 有关人士, 开挖班工人).
        if let Some((np, entity)) = self.role_np(Span::new(start, start + cut)) {
            // A name glued after the role that no layer took (渔夫王长贵).
            let rest = &text[np.end..start + cut];
            let name = (2..=3).contains(&rest.chars().count())
                && rest.chars().all(is_han)
                && self
                    .token_at(np.end)
                    .is_none_or(|t| t.pos().starts_with('n'));
            let to = if entity.is_none() && name {
                start + cut
            } else {
                np.end
            };
            return Some(found(Span::new(np.start, to), entity));
        }
        // 负责病人照护的熊俊 → 熊俊: the head after the last 的.
        if let Some(k) = core.rfind('的') {
            let head = &core[k + '的'.len_utf8()..];
            let n = head.chars().count();
            if (1..=6).contains(&n) && head.chars().all(is_han) {
                // 马斐的母亲: with the person it belongs to.
                let owner = self
                    .within(phrase)
                    .iter()
                    .find(|e| e.label == "PER" && e.span.end == start + k);
                let from = owner.map_or(start + k + '的'.len_utf8(), |e| e.span.start);
                return Some(found(Span::new(from, start + cut), None));
            }
        }
        // A role as written (江苏一家家电生产企业负责人).
        if title_end(core) == Some(core.len()) && core.chars().count() <= 16 {
            return Some(found(Span::new(start, start + cut), None));
        }
        // A cited document or a body (《决定》指出, 宪法规定).
        if let Some(e) = self
            .first_entity(phrase, "WORK")
            .or_else(|| self.first_entity(phrase, "ORG"))
            .filter(|e| text[start..e.span.start].chars().count() <= 2)
        {
            return Some(Speaker {
                span: e.span,
                entity: Some(e.index()),
                pattern,
                pronoun: None,
            });
        }
        // The phrase itself when short and headed by a noun.
        let n = core.chars().count();
        let nounish = self.token_at(start).is_none_or(|t| {
            !matches!(
                t.pos().as_bytes().first(),
                Some(b'v' | b'd' | b'p' | b'c' | b'u' | b'm' | b'q' | b'f' | b'a')
            )
        });
        let whole = Span::new(start, start + cut);
        if nounish
            && (1..=6).contains(&n)
            && core.chars().all(|c| is_han(c) || c.is_alphanumeric())
            && agent::plausible(text, self.tokens, whole)
        {
            return Some(found(whole, None));
        }
        // The noun phrase its words show (玉帝闻言 → 玉帝, 只听得半空中有
        // 八大金刚叫 → 八大金刚).
        agent::agent(text, self.tokens, phrase).map(|span| found(span, None))
    }

    /// Whether `span` is a role (a title word ends it) or a pronoun.
    fn is_role(&self, span: Span) -> bool {
        let s = span.text(self.text);
        title_end(s) == Some(s.len()) || PRONOUNS.contains(&s)
    }

    /// A speaker for `span`, linked to the entity it is when there is one.
    fn entity_speaker(&self, span: Span, pattern: &'static str) -> Speaker {
        let entity = self
            .within(span)
            .iter()
            .find(|e| e.span == span || (e.label == "PER" && span.contains(&e.span)))
            .map(|e| e.index());
        Speaker {
            span,
            entity,
            pattern,
            pronoun: None,
        }
    }

    /// A noun phrase naming a person that opens `span` (环卫阿姨向我…,
    /// 她爱人夹…, 上交所有关人士这样…, 开挖班工人毫不…, 一位同事这样…):
    /// its words up to the last noun for a person ([`person_noun`]) before
    /// a word that cannot be inside the phrase (a preposition, an adverb, a
    /// conjunction, punctuation, a verb after the head, a verb of saying).
    /// A person the entities layer found ending the phrase is the speaker
    /// instead (村民张三): returned with its entity id.
    fn role_np(&self, span: Span) -> Option<(Span, Option<usize>)> {
        let text = self.text;
        let k = self.tokens.partition_point(|t| t.span().start < span.start);
        let first = self.tokens.get(k)?;
        if first.span().start != span.start {
            return None;
        }
        let mut end: Option<(usize, Option<usize>)> = None;
        let mut head_seen = false;
        let mut at = span.start;
        for (n, t) in self.tokens[k..].iter().enumerate() {
            if t.span().end <= at {
                continue; // inside a name read already
            }
            if t.span().start != at || t.span().end > span.end || t.span().end - span.start > 36 {
                break;
            }
            at = t.span().end;
            let w = t.span().text(text);
            // A named person here (村民张三, 护士长何丽娟): the name.
            let ent = self.within(Span::new(t.span().start, t.span().start + 1));
            if let Some(e) = ent.iter().find(|e| e.label == "PER") {
                if e.span.end > span.end {
                    break;
                }
                end = Some((e.span.end, Some(e.index())));
                head_seen = true;
                at = e.span.end;
                continue;
            }
            // The body a role belongs to (县交通局|有关人士).
            if let Some(e) = ent
                .iter()
                .find(|e| e.label == "ORG" && e.span.end <= span.end)
            {
                if head_seen {
                    break;
                }
                at = e.span.end;
                continue;
            }
            if person_noun(w, t.pos()) {
                end = Some((t.span().end, None));
                head_seen = true;
                continue;
            }
            if head_seen && matches!(w, "们" | "們") {
                end = end.map(|(_, e)| (t.span().end, e));
                continue;
            }
            let p = t.pos().as_bytes().first().copied().unwrap_or(b'x');
            // A classifier right after the head: the head was a modifier
            // (朋友|圈里).
            if p == b'q' && end.is_some_and(|(e, _)| e == t.span().start) {
                return None;
            }
            let inner = match p {
                // A name the entities layer did not take: not read across.
                // Right after a role, it is the name (渔夫王长贵).
                b'n' if t.pos() == "nr" => {
                    if end.is_some_and(|(e, _)| e == t.span().start) {
                        end = Some((t.span().end, None));
                    }
                    false
                }
                b'n' | b'j' | b'b' | b'a' | b'f' | b's' | b't' => true,
                b'v' if t.pos() == "vn" => !head_seen,
                b'u' => w == "的",
                b'r' => n == 0 && !head_seen,
                b'm' | b'q' => !head_seen,
                // A verb only first, before a common noun (开挖|班|工人);
                // not 是, 见 or 相信 after a pronoun.
                // or right before the head (有关|人士).
                b'v' => {
                    let next = self.tokens.get(k + n + 1);
                    !head_seen
                        && w != "是"
                        && !first.pos().starts_with('r')
                        && (n == 0 && next.is_some_and(|t| matches!(t.pos(), "n" | "ng"))
                            || next.is_some_and(|t| person_noun(t.span().text(text), t.pos())))
                }
                _ => false,
            };
            if !inner || SAY_VERBS.contains(&w) || CUTS.contains(&w) && n > 0 {
                break;
            }
        }
        let (end, id) = end?;
        match id {
            Some(id) => {
                let e = self.ents.iter().find(|e| e.index() == id)?;
                (e.span.end == end).then_some((e.span, Some(id)))
            }
            None => Some((Span::new(span.start, end), None)),
        }
    }

    /// The speaker a pronoun opening `span` gives: a person noun phrase it
    /// opens (她爱人, 他的同事) as written, else the pronoun resolved.
    fn pronoun_speaker(&self, p: Span, span: Span, pattern: &'static str) -> Option<Speaker> {
        if let Some((np, entity)) = self.role_np(span).filter(|(np, _)| np.len() > p.len()) {
            return Some(Speaker {
                span: np,
                entity,
                pattern,
                pronoun: None,
            });
        }
        self.resolve(p, pattern)
    }

    /// Whether a named person at `span` stands where a subject stands: not
    /// right after a verb or a preposition of its clause (被周总理接见,
    /// 报道周总理, 跟老张说), not a possessor (夏思思的好友).
    fn subject_position(&self, span: Span) -> bool {
        let text = self.text;
        if text[span.end..].starts_with(['的', '之']) {
            return false;
        }
        let k = self.tokens.partition_point(|t| t.span().end <= span.start);
        let Some(prev) = k.checked_sub(1).and_then(|k| self.tokens.get(k)) else {
            return true;
        };
        if prev.span().end != span.start {
            return true;
        }
        let w = prev.span().text(text);
        if w.chars().all(is_boundary) || w.trim().is_empty() {
            return true;
        }
        !matches!(prev.pos().as_bytes().first(), Some(b'v' | b'p'))
    }

    /// The last noun phrase for a person opening a clause in `window`,
    /// outside quotations, that can stand for 他/她: one person (not 们),
    /// not the reporter (记者 is the writer).
    fn role_mention(&self, window: Span, pronoun: &str) -> Option<Span> {
        let text = self.text;
        let mut found = None;
        let mut agreeing = None;
        let mut at = char_ceil(text, window.start);
        while at < window.end {
            let rest = &text[at..window.end];
            let lead = rest.len() - rest.trim_start().len();
            let start = at + lead;
            if start < window.end && !self.in_quote(start) {
                let to = floor_boundary(text, (start + 40).min(window.end));
                if let Some((np, None)) = self.role_np(Span::new(start, to)) {
                    let t = np.text(text);
                    if !t.ends_with(['们', '們'])
                        && !t.ends_with("记者")
                        && !t.ends_with("記者")
                        && !PRONOUNS.iter().any(|p| t.starts_with(p))
                    {
                        match (gender(t), gender(pronoun)) {
                            (Some(a), Some(b)) if a == b => agreeing = Some(np),
                            (Some(_), Some(_)) => {}
                            _ => found = Some(np),
                        }
                    }
                }
            }
            match text[start.min(window.end)..window.end]
                .char_indices()
                .find(|&(_, c)| is_boundary(c))
            {
                Some((k, c)) => at = start + k + c.len_utf8(),
                None => break,
            }
        }
        // One that agrees with the pronoun (阿姨 for 她) before one that
        // does not say (爱人).
        agreeing.or(found)
    }

    /// A pronoun starting at byte `at`.
    fn pronoun_at(&self, at: usize) -> Option<Span> {
        let s = &self.text[at..];
        let p = PRONOUNS.iter().find(|p| s.starts_with(*p))?;
        // 他人, 她家的: not the pronoun alone (他们 is in the list).
        let next = s[p.len()..].chars().next();
        if next.is_some_and(|c| "人乡國国日家".contains(c)) {
            return None;
        }
        Some(Span::new(at, at + p.len()))
    }

    /// 他/她 stand for the nearest person named before them outside the
    /// quotes (in their paragraph first, then up to [`REACH`]×8 bytes back);
    /// other pronouns (我, 他们) are the speaker as written.
    fn resolve(&self, pronoun: Span, pattern: &'static str) -> Option<Speaker> {
        let word = pronoun.text(self.text);
        if !RESOLVED_PRONOUNS.contains(&word) {
            return Some(Speaker {
                span: pronoun,
                entity: None,
                pattern,
                pronoun: None,
            });
        }
        let from = char_ceil(self.text, pronoun.start.saturating_sub(REACH * 8));
        let window = Span::new(from, pronoun.start);
        let named: Vec<&Annotation> = self
            .within(window)
            .iter()
            .filter(|e| {
                e.label == "PER" && e.span.end <= pronoun.start && !self.in_quote(e.span.start)
            })
            .copied()
            .collect();
        // The nearest of: a person named where a subject stands, a speaker
        // found before (总书记称赞道 … 他说), a noun phrase for a person
        // opening a clause (环卫阿姨向我打招呼 … 她说). A person named only
        // as an object (被周总理接见) is taken when there is none of these.
        let subject = named
            .iter()
            .rev()
            .find(|e| self.subject_position(e.span))
            .map(|e| (e.span, Some(e.index())));
        // Only those starting in the window (not every speaker so far).
        let spoken = self
            .spoken
            .borrow()
            .range((from, 0)..(pronoun.start, 0))
            .map(|&(start, end)| Span::new(start, end))
            .filter(|s| {
                s.end <= pronoun.start
                    && !self.in_quote(s.start)
                    && !PRONOUNS.iter().any(|p| s.text(self.text).starts_with(p))
            })
            .max_by_key(|s| s.end)
            .map(|s| (s, self.entity_speaker(s, pattern).entity));
        // A noun phrase only when no person is named or has spoken in
        // this paragraph or the one before (倫敦的律師需要… does not take
        // 她 from 吳敏兒 named just before).
        let local = self.previous_paragraph(self.line_start(pronoun.start));
        let near = [subject, spoken]
            .into_iter()
            .flatten()
            .max_by_key(|(s, _)| s.end);
        let best = match near {
            Some(n) if n.0.start >= local => Some(n),
            _ => self
                .role_mention(Span::new(local.max(from), pronoun.start), word)
                .map(|s| (s, None))
                .or(near),
        }
        .or_else(|| named.last().map(|e| (e.span, Some(e.index()))));
        let Some((span, entity)) = best else {
            // No one named before: the pronoun as written.
            return Some(Speaker {
                span: pronoun,
                entity: None,
                pattern,
                pronoun: None,
            });
        };
        Some(Speaker {
            span,
            entity,
            pattern,
            pronoun: Some(pronoun),
        })
    }

    /// Whether a pair of marks opening at byte `at` holds a term, not speech.
    fn term_at(&self, at: usize) -> bool {
        let k = self.marks.partition_point(|q| q.open < at);
        let is_mark = self.marks.get(k).is_some_and(|q| q.open == at);
        let k = self.quotes.partition_point(|q| q.open < at);
        let is_quote = self.quotes.get(k).is_some_and(|q| q.open == at);
        is_mark && !is_quote
    }

    /// Whether the person at `span` is one called, asked or spoken to
    /// (唤石秀, 叫李逵, 对佛祖): a word of address right before it.
    fn addressed(&self, span: Span) -> bool {
        self.text[..span.start]
            .chars()
            .next_back()
            .is_some_and(|c| ADDRESS.contains(c))
    }

    /// Whether byte `at` lies inside a quotation.
    fn in_quote(&self, at: usize) -> bool {
        let k = self.marks.partition_point(|q| q.open < at);
        k > 0 && self.marks[k - 1].close_end > at
    }

    /// Entities starting inside `span`.
    fn within(&self, span: Span) -> &[&'a Annotation] {
        let from = self.starts.partition_point(|&s| s < span.start);
        let to = self.starts.partition_point(|&s| s < span.end);
        &self.ents[from..to.max(from)]
    }

    /// The first entity labelled `label` wholly inside `span`.
    fn first_entity(&self, span: Span, label: &str) -> Option<&'a Annotation> {
        self.within(span)
            .iter()
            .find(|e| e.label == label && span.contains(&e.span))
            .copied()
    }

    /// The token starting at byte `at`.
    fn token_at(&self, at: usize) -> Option<&Token> {
        let k = self.tokens.partition_point(|t| t.span().start < at);
        self.tokens.get(k).filter(|t| t.span().start == at)
    }
}

/// The sex a pronoun or a noun for a person marks, when it does: 'f' for
/// 她 and 阿姨, 'm' for 他 and 大爷 (by its last character, or the
/// whole word for 丈夫/妻子).
fn gender(word: &str) -> Option<char> {
    const FEMALE: &str = "她姨妈媽婆嫂姐妹娘婶嬸奶姑";
    const MALE: &str = "他爷爺叔伯舅哥弟爸汉漢";
    let word = word.trim_end_matches(['们', '們']);
    match word {
        "妻子" | "老婆" | "女士" | "小姐" | "母亲" | "母親" | "女儿" | "女兒" | "媳妇" | "媳婦" =>
        {
            return Some('f');
        }
        "丈夫" | "老公" | "先生" | "父亲" | "父親" | "儿子" | "兒子" => {
            return Some('m');
        }
        _ => {}
    }
    let last = word.chars().next_back()?;
    if FEMALE.contains(last) {
        Some('f')
    } else if MALE.contains(last) {
        Some('m')
    } else {
        None
    }
}

/// The patterns that only guess: a person merely mentioned in the
/// paragraph, the previous paragraph's speaker.
fn weak_pattern(pattern: &str) -> bool {
    matches!(pattern, "paragraph" | "previous")
}

/// A guess the interviewee outranks: a weak pattern, or a noun phrase for a
/// person (not a name) found only as the subject of the sentence a quote
/// hangs on or right after it, with no verb of saying (該同事自信滿滿…).
fn weak_guess(s: &Speaker, text: &str) -> bool {
    weak_pattern(s.pattern)
        || matches!(s.pattern, "subject" | "name-after")
            && s.entity.is_none()
            && s.pronoun.is_none()
            && !PRONOUNS.contains(&s.span.text(text))
}

/// The clause after a quote, and whether its verb introduces the next quote.
struct After {
    span: Span,
    introduces: bool,
    /// The sentence after the quote runs on to a verb that introduces the
    /// next quote (“…”李固看了，叫道：“…”): the people in it are the next
    /// quote's.
    next_introduced: bool,
}

/// Where the clause ending at `end` starts: after the last boundary, at
/// most [`REACH`] bytes back.
fn clause_start(text: &str, end: usize) -> usize {
    let from = char_ceil(text, end.saturating_sub(REACH));
    text[from..end]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_boundary(c))
        .map_or(from, |(i, c)| from + i + c.len_utf8())
}

/// Where the sentence ending at `end` starts.
fn sentence_start(text: &str, end: usize) -> usize {
    let from = char_ceil(text, end.saturating_sub(REACH * 2));
    text[from..end]
        .char_indices()
        .rev()
        .find(|&(_, c)| ends_sentence(c))
        .map_or(from, |(i, c)| from + i + c.len_utf8())
}

fn char_ceil(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// A verb of saying ending exactly at `end` (after `start`): its start,
/// and the verb.
fn verb_at_end(text: &str, start: usize, end: usize) -> Option<(usize, &'static str)> {
    let clause = &text[start..end];
    SAY_VERBS
        .iter()
        .filter(|v| clause.ends_with(*v))
        .map(|v| (end - v.len(), *v))
        .find(|&(s, v)| verb_ok(text, s, s + v.len()))
}

/// The first verb of saying in `clause` that ends it, or is followed only
/// by 道 / 着 and the end (总书记称赞道, 他笑着说): its start.
fn first_verb(text: &str, clause: Span) -> Option<usize> {
    let s = clause.text(text);
    for (i, c) in s.char_indices() {
        if !SAY_FIRST.contains(c) {
            continue;
        }
        for v in SAY_VERBS {
            if !s[i..].starts_with(v) {
                continue;
            }
            let (a, b) = (clause.start + i, clause.start + i + v.len());
            let tail = &text[b..clause.end];
            let tail_ok = tail.is_empty()
                || (tail.chars().count() <= 2 && tail.chars().all(|c| "道着著了".contains(c)));
            if tail_ok && verb_ok(text, a, b) {
                return Some(a);
            }
        }
    }
    None
}

/// Where a speaker phrase without an entity stops: before the first word
/// of manner or address (环卫阿姨笑着 → 环卫阿姨).
fn cut_end(s: &str) -> usize {
    for (i, c) in s.char_indices().skip(1) {
        // Not where a title starts (常委, 总经理).
        if CUT_FIRST.contains(c)
            && CUTS.iter().any(|w| s[i..].starts_with(w))
            && !TITLES.iter().any(|t| s[i..].starts_with(t))
        {
            return i;
        }
    }
    s.len()
}

/// Where the last title word in `s` ends.
pub fn title_end(s: &str) -> Option<usize> {
    let mut end = None;
    for (i, c) in s.char_indices() {
        if !TITLE_FIRST.contains(c) {
            continue;
        }
        for t in TITLES {
            if s[i..].starts_with(t) {
                end = end.max(Some(i + t.len()));
            }
        }
    }
    end
}
