//! `yuelan annotate - --input jsonl`: a pipeline stage. Reads JSON Lines
//! `{"id": …, "text": …}` (standard input or files) and writes one yuelan/1
//! JSON line per input line, in input order, carrying the input's `id` — so
//! GNU parallel, Spark's `RDD.pipe` or Ray Data can run it over shards and
//! the outputs line up with the inputs (docs/scale.md).
//!
//! Lines are read a batch at a time, annotated in parallel and written in
//! order; memory stays that of one batch. Blank lines are skipped. A line
//! that is not such an object gives an error line `{"error", "id",
//! "line", "schema"}` in its place (and a warning on stderr); the stage goes
//! on, and the exit code says that some failed. Lines are written safe for a
//! terminal ([`crate::text::safe::json`]'s escapes, the same JSON values).

use crate::annotate::layers::LayerSet;
use crate::annotate::{self, Resources};
use crate::export::TokenStyle;
use crate::model::{Annotated, Document, Format};
use rayon::prelude::*;
use serde::Deserialize;
use std::io::{BufRead, Write};

/// What a run wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PipeReport {
    pub written: usize,
    pub failed: usize,
}

#[derive(Deserialize)]
struct Input {
    #[serde(default)]
    id: serde_json::Value,
    text: String,
}

/// Input lines per batch (and at most about this many bytes of text).
const BATCH_LINES: usize = 256;
const BATCH_BYTES: usize = 8 << 20;

/// Annotates every line of `input`, writing one line each to `out`.
pub fn run(
    input: &mut dyn BufRead,
    res: &Resources,
    tokens: TokenStyle,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<PipeReport> {
    run_layers(input, res, tokens, LayerSet::ALL, out, err)
}

/// [`run`] writing only the annotations of `layers`.
pub fn run_layers(
    input: &mut dyn BufRead,
    res: &Resources,
    tokens: TokenStyle,
    layers: LayerSet,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<PipeReport> {
    let mut report = PipeReport::default();
    let mut line_no = 0usize;
    let mut batch: Vec<(usize, String)> = Vec::new();
    let mut bytes = 0;
    let mut buf = String::new();
    loop {
        buf.clear();
        let n = input
            .read_line(&mut buf)
            .map_err(|e| anyhow::anyhow!("cannot read line {}: {e}", line_no + 1))?;
        if n > 0 {
            line_no += 1;
            if !buf.trim().is_empty() {
                bytes += buf.len();
                batch.push((line_no, std::mem::take(&mut buf)));
            }
        }
        if n == 0 || batch.len() >= BATCH_LINES || bytes >= BATCH_BYTES {
            let lines = annotate_batch(&batch, res, tokens, layers);
            for l in lines {
                match l {
                    Ok(bytes) => {
                        out.write_all(&bytes)?;
                        report.written += 1;
                    }
                    Err(bytes) => {
                        out.write_all(&bytes)?;
                        report.failed += 1;
                        // The error line itself says which and why.
                        err.write_all(b"yuelan: warning: ")?;
                        err.write_all(&bytes)?;
                    }
                }
            }
            batch.clear();
            bytes = 0;
        }
        if n == 0 {
            break;
        }
    }
    out.flush()?;
    Ok(report)
}

/// The output lines of a batch of input lines (with their numbers), in
/// order: each read and parsed, then all annotated together
/// ([`annotate::annotate_many`]: each step over all of them in turn),
/// then each written. `Err` holds an error line.
fn annotate_batch(
    batch: &[(usize, String)],
    res: &Resources,
    tokens: TokenStyle,
    layers: LayerSet,
) -> Vec<Result<Vec<u8>, Vec<u8>>> {
    let read: Vec<Result<(serde_json::Value, Document), Vec<u8>>> = batch
        .par_iter()
        .with_max_len(1)
        .map(|(no, line)| read_line(*no, line))
        .collect();
    let mut ids: Vec<Result<serde_json::Value, Vec<u8>>> = Vec::with_capacity(read.len());
    let mut docs = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok((id, doc)) => {
                ids.push(Ok(id));
                docs.push(std::sync::Arc::new(doc));
            }
            Err(line) => ids.push(Err(line)),
        }
    }
    let mut annotated = annotate::annotate_many(docs, res, layers).into_iter();
    let todo: Vec<_> = batch
        .iter()
        .zip(ids)
        .map(|((no, _), id)| {
            let one = id.and_then(|id| match annotated.next() {
                Some(ann) => Ok((id, ann)),
                None => Err(error_line(*no, &id, "was not annotated".to_string())),
            });
            (*no, one)
        })
        .collect();
    todo.into_par_iter()
        .map(|(no, one)| {
            let (id, ann) = one?;
            write_line(no, &id, &ann, tokens)
        })
        .collect()
}

/// An error line for input line `no` (with its newline).
fn error_line(no: usize, id: &serde_json::Value, why: String) -> Vec<u8> {
    let v = serde_json::to_string(&serde_json::json!({
        "schema": crate::export::json::SCHEMA,
        "id": id,
        "line": no,
        "error": why,
    }))
    .unwrap_or_default();
    let mut v = crate::text::safe::json(&v).into_owned().into_bytes();
    v.push(b'\n');
    v
}

/// Input line `no` read: its id and its text parsed as its format
/// (detected from the text); `Err` holds an error line.
fn read_line(no: usize, line: &str) -> Result<(serde_json::Value, Document), Vec<u8>> {
    let input: Input = match serde_json::from_str(line) {
        Ok(i) => i,
        Err(e) => {
            // Keep the id if the line has one.
            let id = serde_json::from_str::<serde_json::Value>(line)
                .ok()
                .and_then(|v| v.get("id").cloned())
                .unwrap_or_default();
            return Err(error_line(
                no,
                &id,
                format!("line {no}: not an {{\"id\", \"text\"}} object: {e}"),
            ));
        }
    };
    let format = Format::detect(None, &input.text);
    Ok((input.id, annotate::parse_text(input.text, format)))
}

/// The output line for input line `no` (with its newline); `Err` holds an
/// error line.
fn write_line(
    no: usize,
    id: &serde_json::Value,
    ann: &Annotated,
    tokens: TokenStyle,
) -> Result<Vec<u8>, Vec<u8>> {
    let mut out = Vec::with_capacity(ann.doc.text.len() * 4);
    match crate::export::json::write_annotated_escaped(&mut out, ann, tokens, false, Some(id)) {
        Ok(()) => {
            out.push(b'\n');
            Ok(out)
        }
        Err(e) => Err(error_line(no, id, format!("line {no}: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resources() -> &'static Resources {
        static RES: std::sync::OnceLock<Resources> = std::sync::OnceLock::new();
        RES.get_or_init(|| Resources::load().unwrap_or_else(|e| panic!("resources: {e:#}")))
    }

    #[test]
    fn one_line_out_per_line_in_with_the_id_and_errors_in_place() {
        let input = "{\"id\": \"a\", \"text\": \"上海市政府今天发布通知。\"}\n\
                     \n\
                     not json\n\
                     {\"id\": 7, \"text\": \"王建国说：“好。”\"}\n\
                     {\"id\": \"no text\"}\n";
        let mut out = Vec::new();
        let mut err = Vec::new();
        let report = run(
            &mut input.as_bytes(),
            resources(),
            TokenStyle::None,
            &mut out,
            &mut err,
        )
        .unwrap_or_else(|e| panic!("{e:#}"));
        assert_eq!(
            report,
            PipeReport {
                written: 2,
                failed: 2
            }
        );
        let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_default())
            .collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0]["id"], "a");
        assert_eq!(lines[0]["text"], "上海市政府今天发布通知。");
        assert!(lines[0]["annotations"].is_array());
        assert!(lines[0].get("tokens").is_none());
        assert_eq!(lines[1]["line"], 3);
        assert!(lines[1]["error"].is_string());
        assert_eq!(lines[2]["id"], 7);
        assert_eq!(lines[3]["id"], "no text");
        assert_eq!(String::from_utf8_lossy(&err).lines().count(), 2);
    }
}
