//! The allocator's thresholds for a big document (Linux with glibc).
//!
//! glibc's `malloc` serves a block of 128 KiB or more by its own mapping,
//! given back when it is freed; but each time such a block is freed, it
//! raises that threshold to the block's size (up to 32 MiB), and the
//! threshold below which the top of a heap is given back to twice that.
//! Once the browser has freed a few big blocks (the file's bytes, the
//! first screen's parts, jieba), every later block of up to several MiB
//! comes from the heaps, and what is freed there stays with the process:
//! on a 7.8 MB file about 40 MB more than the heap in use at the peak.
//! Fixed thresholds (set through glibc's `GLIBC_TUNABLES`, which it reads
//! only when a process starts) keep the first behaviour. So the browser,
//! given a big file, runs itself again with them set, once, unless the
//! variable is set already (by the user, or by this step); so does
//! `annotate` given one big file (on 7.8 MB its peak is ~12 MB lower).

use std::path::Path;

/// The variable glibc reads its tunables from.
pub const TUNABLES_VAR: &str = "GLIBC_TUNABLES";

/// Blocks of 128 KiB or more in mappings of their own; the top of a heap
/// given back past 128 KiB free (glibc's defaults, held fixed).
pub const TUNABLES: &str = "glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072";

/// Files from this size are browsed (and annotated) with [`TUNABLES`] (smaller ones free
/// too little for it to matter, and do not pay for the second start).
pub const MIN_BYTES: u64 = 1 << 20;

/// Whether a browser (or `annotate`) given `path` runs itself again with [`TUNABLES`]:
/// on Linux with glibc, a file of [`MIN_BYTES`] or more, when
/// `tunables` (the variable's value) is not set.
pub fn wanted(path: &Path, tunables: Option<&std::ffi::OsStr>) -> bool {
    cfg!(all(target_os = "linux", target_env = "gnu"))
        && tunables.is_none()
        && std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() >= MIN_BYTES)
}

/// Runs this program again, with the same arguments and [`TUNABLES`]
/// set, when [`wanted`]; returns only when not wanted or when the
/// program cannot be run again (the browser then goes on as it is).
pub fn reexec_for(path: &Path) {
    if !wanted(path, std::env::var_os(TUNABLES_VAR).as_deref()) {
        return;
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let mut args = std::env::args_os();
        let mut command = std::process::Command::new(exe);
        if let Some(arg0) = args.next() {
            command.arg0(arg0);
        }
        // `exec` returns only if the program could not be run.
        let _ = command
            .args(args)
            .env(TUNABLES_VAR, TUNABLES)
            .env(crate::timings::STARTED_VAR, crate::timings::started_env())
            .exec();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A big file is wanted once (not when the variable is set, by the
    /// user or by the first run); a small file, a directory and a missing
    /// file never.
    #[test]
    fn only_a_big_file_without_tunables_runs_again() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let big = dir.path().join("big.txt");
        std::fs::write(&big, "中".repeat((MIN_BYTES / 3 + 1) as usize))?;
        let small = dir.path().join("small.txt");
        std::fs::write(&small, "中文")?;
        let linux_gnu = cfg!(all(target_os = "linux", target_env = "gnu"));
        assert_eq!(wanted(&big, None), linux_gnu);
        assert!(!wanted(&big, Some(std::ffi::OsStr::new(TUNABLES))));
        assert!(!wanted(
            &big,
            Some(std::ffi::OsStr::new("glibc.malloc.arena_max=2"))
        ));
        assert!(!wanted(&small, None));
        assert!(!wanted(dir.path(), None));
        assert!(!wanted(&dir.path().join("missing.txt"), None));
        Ok(())
    }
}
