//! Markdown blocks: ATX (`#`) and setext headings, paragraphs (lines joined
//! until a blank line), list items, block quotes, fenced code. Markup (`#`,
//! `- `, `1. `, `> `) is not part of a span; each quoted line is a block.

use super::lines::{Line, is_space};
use crate::model::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    Heading(u8),
    Text,
    Item,
    Quote,
    Code,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Block {
    pub kind: BlockKind,
    pub span: Span,
}

/// `#`×n then space or end: the level and the heading text's span.
fn atx(text: &str, line: Span) -> Option<(u8, Span)> {
    let s = line.text(text);
    let hashes = s.len() - s.trim_start_matches('#').len();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &s[hashes..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    // Closing #s are markup too ("## 标题 ##").
    let body = rest.trim_matches(is_space);
    let body = body.trim_end_matches('#').trim_end_matches(is_space);
    let start = line.start + hashes + (rest.len() - rest.trim_start_matches(is_space).len());
    Some((hashes as u8, Span::new(start, start + body.len())))
}

/// A list marker (`- `, `* `, `+ `, `1. `, `1) `): the byte length to skip.
fn list_marker(s: &str) -> Option<usize> {
    let bullet = s.starts_with(['-', '*', '+']) as usize;
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let marker = if bullet == 1 {
        1
    } else if (1..=9).contains(&digits) && s[digits..].starts_with(['.', ')']) {
        digits + 1
    } else {
        return None;
    };
    let rest = &s[marker..];
    let after = rest.trim_start_matches([' ', '\t']);
    (after.len() < rest.len() && !after.is_empty()).then_some(s.len() - after.len())
}

/// A thematic break (`---`, `***`, `___`).
fn is_rule(s: &str) -> bool {
    let mut chars = s.chars().filter(|c| !c.is_whitespace());
    let Some(first) = chars.next() else {
        return false;
    };
    matches!(first, '-' | '*' | '_')
        && s.chars().filter(|c| !c.is_whitespace()).count() >= 3
        && chars.all(|c| c == first)
}

/// Splits Markdown lines into blocks.
pub(crate) fn blocks(text: &str, lines: &[Line]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    // Whether the last block may take more lines (no blank line since).
    let mut open = false;
    let mut fence: Option<(char, Option<Span>)> = None;
    for line in lines {
        let s = line.content.text(text);
        if let Some((ch, code)) = fence.as_mut() {
            if s.starts_with(&*format!("{ch}{ch}{ch}")) {
                if let Some(span) = *code {
                    out.push(Block {
                        kind: BlockKind::Code,
                        span,
                    });
                }
                fence = None;
            } else if !line.is_blank() {
                *code = Some(match *code {
                    Some(sp) => Span::new(sp.start, line.content.end),
                    None => line.content,
                });
            }
            continue;
        }
        if line.is_blank() {
            open = false;
            continue;
        }
        if s.starts_with("```") || s.starts_with("~~~") {
            fence = Some((s.chars().next().unwrap_or('`'), None));
            open = false;
            continue;
        }
        if let Some((level, span)) = atx(text, line.content) {
            if !span.is_empty() {
                out.push(Block {
                    kind: BlockKind::Heading(level),
                    span,
                });
            }
            open = false;
            continue;
        }
        // Setext: a one-line paragraph underlined with === or ---.
        let underline =
            !s.is_empty() && (s.chars().all(|c| c == '=') || s.chars().all(|c| c == '-'));
        if underline
            && open
            && let Some(last) = out.last_mut()
            && last.kind == BlockKind::Text
            && !last.span.text(text).contains('\n')
        {
            last.kind = BlockKind::Heading(if s.starts_with('=') { 1 } else { 2 });
            open = false;
            continue;
        }
        if is_rule(s) {
            open = false;
            continue;
        }
        if let Some(skip) = list_marker(s) {
            let start = line.content.start + skip;
            out.push(Block {
                kind: BlockKind::Item,
                span: Span::new(start, line.content.end),
            });
            open = true;
            continue;
        }
        if let Some(rest) = s.strip_prefix('>') {
            let body = rest.trim_start_matches(is_space);
            let start = line.content.start + (s.len() - body.len());
            if body.is_empty() {
                open = false;
                continue;
            }
            // One block per quoted line: the next line's `>` is markup and
            // must not fall inside a span.
            out.push(Block {
                kind: BlockKind::Quote,
                span: Span::new(start, line.content.end),
            });
            open = false;
            continue;
        }
        match out.last_mut() {
            Some(last) if open && matches!(last.kind, BlockKind::Text | BlockKind::Item) => {
                last.span.end = line.content.end
            }
            _ => out.push(Block {
                kind: BlockKind::Text,
                span: line.content,
            }),
        }
        open = true;
    }
    // An unclosed fence runs to the end.
    if let Some((_, Some(span))) = fence {
        out.push(Block {
            kind: BlockKind::Code,
            span,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::lines::lines;
    use super::*;

    fn kinds(text: &str) -> Vec<(BlockKind, &str)> {
        blocks(text, &lines(text))
            .into_iter()
            .map(|b| (b.kind, b.span.text(text)))
            .collect()
    }

    #[test]
    fn blocks_of_markdown() {
        let text = "# 标题 #\n\n第一行\n第二行。\n\n- 甲\n- 乙\n\n> 引用\n> 续\n\n副标题\n---\n\n***\n\n```\ncode\n```\n";
        assert_eq!(
            kinds(text),
            [
                (BlockKind::Heading(1), "标题"),
                (BlockKind::Text, "第一行\n第二行。"),
                (BlockKind::Item, "甲"),
                (BlockKind::Item, "乙"),
                (BlockKind::Quote, "引用"),
                (BlockKind::Quote, "续"),
                (BlockKind::Heading(2), "副标题"),
                (BlockKind::Code, "code"),
            ]
        );
    }

    #[test]
    fn hash_without_space_is_text() {
        assert_eq!(kinds("#话题#很热。"), [(BlockKind::Text, "#话题#很热。")]);
    }
}
