//! Saving safely (issue 20 points 5–6, issue 22): the temporary file is
//! created uniquely (a planted link is never followed), files are private
//! whatever the umask, a hard link to the old file keeps the old contents,
//! temporary files left by a killed save are cleaned up, and the lock is an
//! OS lock.

use std::path::Path;
use std::time::{Duration, SystemTime};
use yuelan::storage::{FileLock, atomic_write};

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

/// Written in place (`tmp = path`), the new bytes would show through the
/// link; written through a new file and renamed, the link keeps the old.
#[test]
fn a_hard_link_to_the_old_file_keeps_the_old_contents() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("notes.json");
    atomic_write(&path, b"old contents").unwrap_or_else(|e| panic!("{e:#}"));
    let link = dir.path().join("link.json");
    std::fs::hard_link(&path, &link).unwrap_or_else(|e| panic!("{e}"));
    atomic_write(&path, b"new contents").unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!(read(&path), "new contents");
    assert_eq!(read(&link), "old contents");
}

/// A symlink planted where the old code put its temporary file (and at the
/// other predictable name) must not be followed: its target is untouched.
#[cfg(unix)]
#[test]
fn a_symlink_planted_at_the_temporary_path_is_not_followed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap_or_else(|e| panic!("{e}"));
    let notes = dir.path().join("notes");
    std::fs::create_dir(&notes).unwrap_or_else(|e| panic!("{e}"));
    let path = notes.join("0123456789abcdef.json");
    for planted in [
        format!(".0123456789abcdef.json.tmp.{}", std::process::id()),
        ".0123456789abcdef.json.tmp".to_string(),
    ] {
        std::os::unix::fs::symlink(&victim, notes.join(planted)).unwrap_or_else(|e| panic!("{e}"));
    }
    atomic_write(&path, b"{\"notes\": []}").unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!(read(&victim), "precious", "the link's target is untouched");
    assert_eq!(read(&path), "{\"notes\": []}");
    let meta = std::fs::symlink_metadata(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(meta.file_type().is_file(), "the saved file is a plain file");
}

/// Under umask 000 the files and the directories created are still private:
/// `yuelan words export --output` saves through the same function.
#[cfg(unix)]
#[test]
fn files_are_0600_and_new_directories_0700_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("a").join("b").join("words.tsv");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 000 && exec \"$0\" words export --output \"$1\"")
        .arg(env!("CARGO_BIN_EXE_yuelan"))
        .arg(&out)
        .env("YUELAN_DATA_DIR", dir.path().join("data"))
        .env("YUELAN_CONFIG", dir.path().join("none.toml"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let mode = |p: &Path| {
        std::fs::metadata(p)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    };
    assert_eq!(mode(&out), 0o600, "file");
    assert_eq!(
        mode(&dir.path().join("a").join("b")),
        0o700,
        "new directory"
    );
    assert_eq!(mode(&dir.path().join("a")), 0o700, "new parent directory");
}

/// A temporary file an hour old (left by a killed save) is removed by the
/// next save; a fresh one (perhaps a save in progress) is left.
#[test]
fn temporary_files_left_by_a_kill_are_cleaned_up() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("words.json");
    let stale = dir.path().join(".words.json.Ab3xYz.tmp");
    let old_style = dir.path().join(".words.json.tmp.4242");
    let fresh = dir.path().join(".words.json.Qw7eRt.tmp");
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    for p in [&stale, &old_style] {
        let f = std::fs::File::create(p).unwrap_or_else(|e| panic!("{e}"));
        f.set_modified(hour_ago).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(&fresh, "half").unwrap_or_else(|e| panic!("{e}"));
    atomic_write(&path, b"[]").unwrap_or_else(|e| panic!("{e:#}"));
    assert!(!stale.exists(), "stale temporary file removed");
    assert!(
        !old_style.exists(),
        "stale old-style temporary file removed"
    );
    assert!(fresh.exists(), "a fresh one may be another save's");
}

/// The lock is the OS's: held, a second taker waits and gives up; released
/// (here by dropping, after a crash by the OS), it can be taken again.
#[test]
fn the_notes_lock_is_an_os_lock() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join(".lock");
    let first = FileLock::acquire(&path, Duration::ZERO);
    assert!(first.is_some());
    assert!(FileLock::acquire(&path, Duration::from_millis(50)).is_none());
    drop(first);
    assert!(FileLock::acquire(&path, Duration::ZERO).is_some());
}
