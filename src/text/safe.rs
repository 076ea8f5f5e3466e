//! Terminal-safe text: the one place where bytes that came from outside (a
//! document, a note, a config file, a file name) are made harmless before
//! they are printed as plain text.
//!
//! A terminal obeys control characters: ESC starts sequences that set the
//! window title, write the clipboard (OSC 52) or make the terminal type a
//! reply into the shell (`ESC [6n`); C1 controls (U+0080–U+009F) do the same
//! on terminals that honour 8-bit controls; CR and BS overwrite what was
//! printed. Every such character is shown visibly instead, as `\u{1b}`
//! (Rust's escape form), so nothing is lost and nothing is obeyed. The
//! Unicode bidirectional overrides and isolates (U+202A–U+202E,
//! U+2066–U+2069), which reorder what is shown, are escaped the same way.
//!
//! JSON output does not go through here: it stays exact (serde_json escapes
//! controls inside strings itself).

use std::borrow::Cow;
use std::fmt;
use std::path::Path;

/// Whether `c` must not reach a terminal raw (LF and TAB are judged by the
/// caller: [`text`] keeps them, [`line`] does not).
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escape_into(out: &mut String, c: char) {
    use fmt::Write as _;
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

fn escape(s: &str, keep: impl Fn(char) -> Option<&'static str>) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && keep(c) != Some("")) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if !is_unsafe(c) {
            out.push(c);
            continue;
        }
        match keep(c) {
            Some("") => out.push(c),
            Some(shown) => out.push_str(shown),
            None => escape_into(&mut out, c),
        }
    }
    Cow::Owned(out)
}

/// Multi-line text (a document body, a note, a report): newlines and tabs
/// kept, every other control character escaped.
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, |c| matches!(c, '\n' | '\t').then_some(""))
}

/// One line of a listing (a heading, a sentence, a table cell, a message):
/// a newline shown as `⏎`, a tab as a space, every other control escaped.
pub fn line(s: &str) -> Cow<'_, str> {
    escape(s, |c| match c {
        '\n' => Some("⏎"),
        '\t' => Some(" "),
        _ => None,
    })
}

/// A file name for a message: lossy for names that are not UTF-8, then as
/// [`line`].
pub fn path(p: &Path) -> String {
    line(&p.to_string_lossy()).into_owned()
}

/// JSON text made safe for a terminal while staying the same JSON value:
/// serde_json escapes C0 controls itself, but writes DEL, C1 controls and
/// bidi overrides raw; outside strings JSON holds none of them, so each is
/// replaced by its `\uXXXX` escape, which decodes to the same string.
pub fn json(s: &str) -> Cow<'_, str> {
    let raw = |c: char| is_unsafe(c) && !matches!(c, '\n' | '\t' | '\r');
    if !s.chars().any(raw) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if raw(c) {
            use fmt::Write as _;
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A writer for streamed JSON that does what [`json`] does, as the bytes go
/// by: DEL, C1 controls and bidi overrides become `\uXXXX` escapes (JSON
/// holds them only inside strings, so the value is unchanged). With
/// `escape` off it passes everything through (data formats written to a
/// file or a pipe). A character split across two writes is held until it
/// is whole.
pub struct JsonWriter<W: std::io::Write> {
    inner: W,
    escape: bool,
    pending: Vec<u8>,
}

impl<W: std::io::Write> JsonWriter<W> {
    pub fn new(inner: W) -> JsonWriter<W> {
        JsonWriter::with_escape(inner, true)
    }

    pub fn with_escape(inner: W, escape: bool) -> JsonWriter<W> {
        JsonWriter {
            inner,
            escape,
            pending: Vec::new(),
        }
    }

    /// Writes `bytes` (a whole UTF-8 prefix was checked by the caller).
    fn emit(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        // Every character [`json`] escapes starts with 0x7F, 0xC2 or 0xE2.
        if !bytes.iter().any(|&b| matches!(b, 0x7f | 0xc2 | 0xe2)) {
            return self.inner.write_all(bytes);
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => self.inner.write_all(json(s).as_bytes()),
            Err(_) => self.inner.write_all(bytes),
        }
    }
}

impl<W: std::io::Write> std::io::Write for JsonWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.escape {
            self.inner.write_all(buf)?;
            return Ok(buf.len());
        }
        let owned;
        let data: &[u8] = if self.pending.is_empty() {
            buf
        } else {
            let mut joined = std::mem::take(&mut self.pending);
            joined.extend_from_slice(buf);
            owned = joined;
            &owned
        };
        let (whole, rest) = match std::str::from_utf8(data) {
            Ok(_) => (data, &[][..]),
            // Incomplete at the end: hold the tail for the next write.
            Err(e) if e.error_len().is_none() => data.split_at(e.valid_up_to()),
            // Not UTF-8 at all: pass it through as it is.
            Err(_) => (data, &[][..]),
        };
        self.emit(whole)?;
        self.pending.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            let tail = std::mem::take(&mut self.pending);
            self.inner.write_all(&tail)?;
        }
        self.inner.flush()
    }
}

/// `format!("{}", Line(s))` prints `s` as [`line`] would.
pub struct Line<'a>(pub &'a str);

impl fmt::Display for Line<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&line(self.0))
    }
}

/// `format!("{}", SafePath(p))` prints a path as [`path`] would.
pub struct SafePath<'a>(pub &'a Path);

impl fmt::Display for SafePath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&path(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_writer_escapes_across_split_writes() {
        use std::io::Write as _;
        let text = "{\"t\":\"a\u{7f}b\u{85}c\u{202e}d字\"}";
        let bytes = text.as_bytes();
        for cut in 0..bytes.len() {
            let mut w = JsonWriter::new(Vec::new());
            let (a, b) = bytes.split_at(cut);
            assert!(
                w.write_all(a)
                    .and_then(|_| w.write_all(b))
                    .and_then(|_| w.flush())
                    .is_ok()
            );
            let out = String::from_utf8(w.inner).unwrap_or_default();
            assert_eq!(out, json(text), "cut at {cut}");
            assert!(
                !out.contains('\u{7f}') && !out.contains('\u{85}') && !out.contains('\u{202e}')
            );
        }
        let mut raw = JsonWriter::with_escape(Vec::new(), false);
        assert!(raw.write_all(bytes).is_ok());
        assert_eq!(raw.inner, bytes);
    }

    #[test]
    fn escapes_osc_and_csi_and_c1() {
        let s = "标题\u{1b}]2;pwned\u{7}。\u{1b}[6n\u{9b}31m\r";
        let t = text(s);
        assert!(!t.chars().any(is_unsafe), "{t}");
        assert_eq!(t, "标题\\u{1b}]2;pwned\\u{7}。\\u{1b}[6n\\u{9b}31m\\u{d}");
    }

    #[test]
    fn text_keeps_newlines_line_does_not() {
        assert_eq!(text("一\n二\t三"), "一\n二\t三");
        assert_eq!(line("一\n二\t三"), "一⏎二 三");
        assert!(matches!(text("干净的文字。"), Cow::Borrowed(_)));
    }

    #[test]
    fn bidi_overrides_are_shown() {
        assert_eq!(line("a\u{202e}b\u{2066}c"), "a\\u{202e}b\\u{2066}c");
        // Ordinary punctuation nearby is untouched.
        assert_eq!(line("“引语”——《书名》"), "“引语”——《书名》");
    }

    #[test]
    fn json_stays_the_same_value() {
        let v = serde_json::json!({"t": "a\u{1b}[31m\u{9b}b\u{7f}\u{202e}c"});
        let raw = serde_json::to_string_pretty(&v).unwrap_or_default();
        let safe = json(&raw);
        assert!(!safe.chars().any(|c| is_unsafe(c) && c != '\n'), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap_or_default();
        assert_eq!(back, v);
    }

    #[test]
    fn paths_are_escaped() {
        let p = Path::new("d/\u{1b}[31m红.txt");
        assert_eq!(path(p), "d/\\u{1b}[31m红.txt");
        assert_eq!(SafePath(p).to_string(), "d/\\u{1b}[31m红.txt");
    }
}
