//! Writes `data/cedict/script_chars.txt`: the characters found only in
//! CC-CEDICT's Traditional headwords and only in its Simplified ones, as
//! derived from the embedded dictionary (`yuelan::dict::script_maps`).
//! The test `the_shipped_script_chars_are_the_headwords` checks the
//! shipped file against the same derivation.
//!
//! ```sh
//! cargo run --release --example script_chars -- data/cedict/script_chars.txt
//! ```

fn main() -> anyhow::Result<()> {
    let Some(out) = std::env::args().nth(1) else {
        anyhow::bail!("usage: script_chars FILE");
    };
    let Some(maps) = yuelan::dict::script_maps() else {
        anyhow::bail!("the embedded CC-CEDICT does not read");
    };
    let text = maps.chars().to_text();
    std::fs::write(&out, &text)?;
    eprintln!("wrote {out} ({} bytes)", text.len());
    Ok(())
}
