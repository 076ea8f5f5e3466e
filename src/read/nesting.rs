//! Pages nested deeper than pages are written. html5ever's tree builder and
//! the readability step take time with the square of the elements' depth
//! (100,000 nested `<div>`s: 19 s to parse, then minutes of readability),
//! so a page (or an EPUB chapter) whose elements nest deeper than
//! [`MAX_DEPTH`] is read with the tags past that depth left out, their text
//! kept. A page within it, as every real one is, is read as written.
//!
//! The depth is estimated from the tags as written: elements that close
//! themselves (`<br>`, `<img>`) and those a parser closes when the next one
//! starts (`<p>`, `<li>`, `<td>`) do not count.

use std::borrow::Cow;

/// The deepest elements nest in a page read as written.
pub const MAX_DEPTH: usize = 512;

/// `src` as it is, or, when its elements nest deeper than `max`, without
/// the tags past that depth (their text kept).
pub fn bounded(src: &str, max: usize) -> Cow<'_, str> {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    for tag in tags(src) {
        match tag.kind {
            Kind::Open => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            Kind::Close => depth = depth.saturating_sub(1),
            Kind::Other => {}
        }
    }
    if deepest <= max {
        return Cow::Borrowed(src);
    }
    let mut out = String::with_capacity(src.len());
    // The open elements: (name, kept).
    let mut open: Vec<(&str, bool)> = Vec::new();
    let mut copied = 0;
    for tag in tags(src) {
        let keep = match tag.kind {
            Kind::Open => {
                let keep = open.len() < max;
                open.push((tag.name, keep));
                keep
            }
            // The element it closes among the last few open (a stray
            // close stays: the parser ignores it).
            Kind::Close => match open
                .iter()
                .rev()
                .take(16)
                .position(|(n, _)| n.eq_ignore_ascii_case(tag.name))
            {
                Some(k) => {
                    let at = open.len() - 1 - k;
                    let keep = open[at].1;
                    open.truncate(at);
                    keep
                }
                None => true,
            },
            Kind::Other => true,
        };
        if !keep {
            out.push_str(&src[copied..tag.start]);
            copied = tag.end;
        }
    }
    out.push_str(&src[copied..]);
    Cow::Owned(out)
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    /// An element that may hold others.
    Open,
    /// Its end tag.
    Close,
    /// A comment, a doctype, or an element that holds no others.
    Other,
}

#[derive(Clone, Copy, Debug)]
struct Tag<'a> {
    start: usize,
    end: usize,
    name: &'a str,
    kind: Kind,
}

/// Elements without content.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements a parser closes when a sibling starts, often left unclosed.
const IMPLIED_END: [&str; 19] = [
    "p", "li", "dt", "dd", "td", "th", "tr", "tbody", "thead", "tfoot", "option", "optgroup",
    "colgroup", "rb", "rt", "rp", "html", "head", "body",
];

/// Elements whose content is text, not tags.
const RAW: [&str; 8] = [
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// The tags of `src`, in order, in one pass.
fn tags(src: &str) -> impl Iterator<Item = Tag<'_>> {
    let bytes = src.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let lt = at + memchr::memchr(b'<', bytes.get(at..)?)?;
            let rest = &bytes[lt + 1..];
            let close = rest.first() == Some(&b'/');
            let name_from = lt + 1 + usize::from(close);
            let name_len = bytes[name_from..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':'))
                .count();
            // A comment to its `-->`, a doctype or processing instruction
            // to its `>`.
            let markup_end = if src[lt..].starts_with("<!--") {
                Some(
                    src[lt + 4..]
                        .find("-->")
                        .map_or(src.len(), |k| lt + 4 + k + 3),
                )
            } else if matches!(rest.first(), Some(b'!' | b'?')) {
                Some(memchr::memchr(b'>', rest).map_or(src.len(), |k| lt + 1 + k + 1))
            } else {
                None
            };
            if let Some(end) = markup_end {
                at = end;
                return Some(Tag {
                    start: lt,
                    end,
                    name: "",
                    kind: Kind::Other,
                });
            }
            if name_len == 0 || !bytes[name_from].is_ascii_alphabetic() {
                at = lt + 1;
                continue;
            }
            let name = &src[name_from..name_from + name_len];
            let end = tag_end(bytes, name_from + name_len);
            let self_closing = end >= 2 && bytes[end - 2] == b'/';
            let is = |list: &[&str]| list.iter().any(|n| n.eq_ignore_ascii_case(name));
            let counted = !is(&VOID) && !is(&IMPLIED_END);
            let kind = match (close, counted) {
                (true, true) => Kind::Close,
                (false, true) if !self_closing => Kind::Open,
                _ => Kind::Other,
            };
            at = end;
            if !close && is(&RAW) {
                // Past the content, to its end tag (left for the next call).
                at = raw_end(src, end, name);
            }
            return Some(Tag {
                start: lt,
                end,
                name,
                kind,
            });
        }
    })
}

/// Where the tag whose attributes start at `from` ends: after its `>`,
/// quoted values skipped.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (k, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return k + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// Where a raw text element's content ends (its `</name`), from `from`.
fn raw_end(src: &str, from: usize, name: &str) -> usize {
    let bytes = src.as_bytes();
    let mut at = from;
    while let Some(k) = bytes.get(at..).and_then(|b| memchr::memmem::find(b, b"</")) {
        let n = at + k + 2;
        if bytes
            .get(n..n + name.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(name.as_bytes()))
        {
            return at + k;
        }
        at = n;
    }
    src.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_within_the_depth_are_read_as_written() {
        let page = "<html><body><div><p>一<p>二<br><img src='a>b'><div>三</div></div>\
                    <script>if (a<b) { x = '<div>'; }</script></body></html>";
        assert!(matches!(bounded(page, 3), Cow::Borrowed(_)));
    }

    #[test]
    fn tags_past_the_depth_go_and_their_text_stays() {
        let page = format!(
            "<body>{}文字{}尾</body>",
            "<div>".repeat(6),
            "</div>".repeat(6)
        );
        let out = bounded(&page, 3);
        assert_eq!(out, "<body><div><div><div>文字</div></div></div>尾</body>");
        // Siblings after the deep part keep their tags.
        let page = format!(
            "{}深{}<section><b>旁</b></section>",
            "<span>".repeat(5),
            "</span>".repeat(5)
        );
        let out = bounded(&page, 2);
        assert_eq!(
            out,
            "<span><span>深</span></span><section><b>旁</b></section>"
        );
    }

    #[test]
    fn comments_doctypes_and_raw_text_hold_no_tags() {
        let page = "<!DOCTYPE html><!-- <div><div><div> --><style>div>div{}</style>\
                    <textarea><div><div></textarea><div>甲</div>";
        let kinds: Vec<Kind> = tags(page).map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Other,
                Kind::Other,
                Kind::Open,
                Kind::Close,
                Kind::Open,
                Kind::Close,
                Kind::Open,
                Kind::Close
            ]
        );
        assert!(matches!(bounded(page, 1), Cow::Borrowed(_)));
    }
}
