//! `yuelan eval pinyin FILE.jsonl`: the reading of one polyphonic character
//! per sentence, against the polyphone development set.

/// The printed report for the JSON-lines gold `input`.
pub fn report(_input: &str, _verbose: bool) -> anyhow::Result<String> {
    anyhow::bail!("eval pinyin is not implemented yet")
}
