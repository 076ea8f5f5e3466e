//! Where yuelan keeps the reader's files, and how it writes them safely.
//!
//! Directories follow XDG (via `directories`); each can be overridden by an
//! environment variable, which tests use to stay out of the real home:
//! `YUELAN_DATA_DIR` (notes, word list), `YUELAN_CACHE_DIR` (annotation
//! cache), `YUELAN_CONFIG` (the config file itself).

use anyhow::Context;
use std::io::Write;
use std::path::{Path, PathBuf};

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "yuelan")
}

fn dir_from_env(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The user data directory (notes, bookmarks, word list).
pub fn data_dir() -> anyhow::Result<PathBuf> {
    if let Some(dir) = dir_from_env("YUELAN_DATA_DIR") {
        return Ok(dir);
    }
    project_dirs()
        .map(|d| d.data_dir().to_path_buf())
        .context("cannot find a home directory for yuelan's data (set YUELAN_DATA_DIR)")
}

/// The user cache directory (annotation cache). Safe to delete.
pub fn cache_dir() -> anyhow::Result<PathBuf> {
    if let Some(dir) = dir_from_env("YUELAN_CACHE_DIR") {
        return Ok(dir);
    }
    project_dirs()
        .map(|d| d.cache_dir().to_path_buf())
        .context("cannot find a cache directory for yuelan (set YUELAN_CACHE_DIR)")
}

/// The default config file path (`--config` and `YUELAN_CONFIG` override it).
pub fn default_config_file() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

/// Writes `bytes` to `path` atomically: a temporary file in the same
/// directory, flushed and fsynced, then renamed over the target. A crash at
/// any point leaves either the old file or the new one, never half of one.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_string());
    let tmp = dir.join(format!(".{name}.tmp.{}", std::process::id()));
    let result = (|| -> anyhow::Result<()> {
        let mut f = std::fs::File::create(&tmp)
            .with_context(|| format!("cannot create {}", tmp.display()))?;
        f.write_all(bytes)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        f.sync_all()
            .with_context(|| format!("cannot sync {}", tmp.display()))?;
        std::fs::rename(&tmp, path)
            .with_context(|| format!("cannot replace {}", path.display()))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub").join("notes.json");
        assert!(atomic_write(&path, b"one").is_ok());
        assert!(atomic_write(&path, b"two").is_ok());
        assert_eq!(std::fs::read(&path).ok().as_deref(), Some(&b"two"[..]));
        let entries = std::fs::read_dir(path.parent().unwrap_or(dir.path()))
            .map(|rd| rd.count())
            .unwrap_or(0);
        assert_eq!(entries, 1, "no temporary file is left behind");
    }
}
