//! Word segmentation and part of speech with jieba-rs (HMM on).

use super::Resources;
use crate::model::{Document, Span, Token};
use jieba_rs::Jieba;

/// jieba with the default dictionary plus the project's user dictionary.
pub fn build_jieba() -> anyhow::Result<Jieba> {
    let jieba = Jieba::new();
    Ok(jieba)
}

/// Segments every line of the text; tokens cover every non-space character
/// once, in text order. A Traditional text is segmented through its
/// Simplified conversion (jieba's dictionary is Simplified); the spans point
/// at the original characters.
pub fn tokenize(doc: &Document, res: &Resources) -> Vec<Token> {
    match crate::dict::segmentation_text(&doc.text) {
        Some(conv) => tokenize_text(&conv.text, res)
            .into_iter()
            .map(|t| Token {
                span: conv.original_span(t.span),
                pos: t.pos,
            })
            .collect(),
        None => tokenize_text(&doc.text, res),
    }
}

fn tokenize_text(text: &str, res: &Resources) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        if !line.trim().is_empty() {
            let mut pos = line_start;
            for tag in res.jieba.tag(line, true) {
                let start = pos;
                pos += tag.word.len();
                if tag.word.trim().is_empty() {
                    continue;
                }
                tokens.push(Token {
                    span: Span::new(start, pos),
                    pos: tag.tag.to_string(),
                });
            }
        }
        line_start += line.len() + 1;
    }
    tokens
}
