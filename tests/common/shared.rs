//! The one loader for `../shared` (development data that is never copied
//! into the repository). Outside CI a missing file skips the test with a
//! note; with `CI` set it fails the test.
#![allow(dead_code)]

/// The seed article, relative to `../shared`.
pub const SEED: &str = "seeds/000_597f00c860135c6b.txt";

/// The absolute path of `rel` under `../shared`.
pub fn shared_path(rel: &str) -> String {
    format!("{}/../shared/{rel}", env!("CARGO_MANIFEST_DIR"))
}

/// The text of `../shared/<rel>`, or `None` (with a note on stderr) when it
/// is missing outside CI.
pub fn shared_text(rel: &str) -> Option<String> {
    let path = shared_path(rel);
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI: {path} is missing: {e}"
            );
            eprintln!("note: skipping, {path} is missing ({e})");
            None
        }
    }
}

/// The seed article (see [`shared_text`]).
pub fn seed_text() -> Option<String> {
    shared_text(SEED)
}
