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

/// Creates `dir` and its missing parents, each new one private (0700,
/// whatever the umask). Directories that exist already are left as they are.
pub fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_private_dir(parent)?;
    }
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    match builder.create(dir) {
        Ok(()) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                // The umask can only remove bits; set them exactly.
                std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                    .with_context(|| format!("cannot set the permissions of {}", dir.display()))?;
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err(anyhow::Error::new(e).context(format!("cannot create {}", dir.display()))),
    }
}

/// Temporary files of a save that was killed are removed by the next save
/// once they are this old (a younger one may belong to a save in progress).
const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(600);

/// Writes `bytes` to `path` atomically: a uniquely named temporary file
/// created in the same directory with O_EXCL (`tempfile`: a file or link
/// planted at a predictable name cannot be followed), private (0600,
/// whatever the umask), flushed and fsynced, then renamed over the target.
/// A crash at any point leaves either the old file or the new one, never
/// half of one; a hard link to the old file keeps the old contents.
/// Temporary files left by a killed save are cleaned up.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    atomic_write_with(path, |w| w.write_all(bytes))
}

/// [`atomic_write`] of what `write` writes, through a buffer (the bytes
/// need not be held whole: a big document's brat `.ann`).
pub fn atomic_write_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    create_private_dir(&dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_string());
    let prefix = format!(".{name}.");
    let mut tmp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .tempfile_in(&dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("cannot set the permissions of {}", tmp.path().display()))?;
    }
    let shown = tmp.path().display().to_string();
    {
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, tmp.as_file_mut());
        write(&mut buffered)
            .and_then(|()| buffered.flush())
            .with_context(|| format!("cannot write {shown}"))?;
    }
    tmp.as_file()
        .sync_all()
        .with_context(|| format!("cannot sync {}", tmp.path().display()))?;
    // On failure the temporary file is removed when `tmp` drops.
    tmp.persist(path)
        .map_err(|e| anyhow::Error::new(e.error))
        .with_context(|| format!("cannot replace {}", path.display()))?;
    remove_stale_temps(&dir, &prefix);
    Ok(())
}

/// Removes temporary files of `name` (`.<name>.*.tmp`, and the older
/// `.<name>.tmp.<pid>` form) older than [`STALE_TEMP`].
fn remove_stale_temps(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let ours =
            n.starts_with(prefix) && (n.ends_with(".tmp") || n[prefix.len()..].starts_with("tmp."));
        if !ours {
            continue;
        }
        let old = e
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_TEMP);
        if old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// An OS advisory lock (`flock`, through `fs4`) on a lock file: released by
/// the OS when the process ends however it ends, so there is no stale lock
/// to guess about. The lock file itself stays.
pub struct FileLock {
    file: std::fs::File,
}

impl FileLock {
    /// Waits up to `wait` for the exclusive lock on `path` (created 0600 if
    /// missing); `None` if another process keeps holding it or the file
    /// cannot be opened.
    pub fn acquire(path: &Path, wait: std::time::Duration) -> Option<FileLock> {
        use fs4::fs_std::FileExt;
        let mut opts = std::fs::OpenOptions::new();
        opts.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let file = opts.open(path).ok()?;
        let started = std::time::Instant::now();
        loop {
            match FileExt::try_lock_exclusive(&file) {
                Ok(true) => return Some(FileLock { file }),
                Ok(false) if started.elapsed() < wait => {
                    std::thread::sleep(std::time::Duration::from_millis(15));
                }
                _ => return None,
            }
        }
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        let _ = fs4::fs_std::FileExt::unlock(&self.file);
    }
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
