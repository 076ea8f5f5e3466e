//! `--timings`: time spent per phase, printed on exit.
//!
//! Recording is a couple of atomic adds and costs nothing measurable when
//! disabled. Phases that run on several threads at once (read, decode, parse,
//! annotate) are summed over threads, so they can exceed the wall time;
//! `index` and `first frame` are wall-clock.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Read,
    Decode,
    Parse,
    Annotate,
    /// Loading dictionaries and other shared resources.
    Dictionaries,
    /// From start-up to the first frame on screen.
    FirstFrame,
    /// Of that, the time the main thread ran on a core, and the time it
    /// waited for one (Linux's schedstat; on a loaded machine the second
    /// is what makes the first frame late).
    FirstFrameCpu,
    FirstFrameWait,
    /// The browser: from start-up to the first frame showing annotations
    /// (those around the view, when they arrive in parts).
    AnnotationsShown,
    /// The browser: from start-up to the frame showing the whole
    /// document's annotations.
    AnnotationsDone,
    /// Indexing a corpus, wall-clock from start to the last document.
    Index,
    /// Reading and writing the annotation cache.
    Cache,
    /// The cache's writer thread: compressing entries and appending them
    /// to the store.
    CacheWrite,
    /// Writing output (exports).
    Write,
    /// The annotation pipeline's steps (parts of `Annotate`): segmentation
    /// and tagging, then each layer.
    Tokenize,
    Entities,
    Quantities,
    Time,
    Quotes,
    Glossary,
    Duplicates,
    Keywords,
    Learner,
}

impl Phase {
    pub const ALL: [Phase; 23] = [
        Phase::Read,
        Phase::Decode,
        Phase::Parse,
        Phase::Annotate,
        Phase::Tokenize,
        Phase::Entities,
        Phase::Quantities,
        Phase::Time,
        Phase::Quotes,
        Phase::Glossary,
        Phase::Duplicates,
        Phase::Keywords,
        Phase::Learner,
        Phase::Dictionaries,
        Phase::FirstFrame,
        Phase::FirstFrameCpu,
        Phase::FirstFrameWait,
        Phase::AnnotationsShown,
        Phase::AnnotationsDone,
        Phase::Index,
        Phase::Cache,
        Phase::CacheWrite,
        Phase::Write,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Phase::Read => "read",
            Phase::Decode => "decode",
            Phase::Parse => "parse",
            Phase::Annotate => "annotate",
            Phase::Dictionaries => "dictionary loads",
            Phase::FirstFrame => "first frame",
            Phase::FirstFrameCpu => "  main on CPU",
            Phase::FirstFrameWait => "  main waiting",
            Phase::AnnotationsShown => "annotations shown",
            Phase::AnnotationsDone => "annotations done",
            Phase::Index => "index",
            Phase::Cache => "cache",
            Phase::CacheWrite => "  cache writes",
            Phase::Write => "write",
            Phase::Tokenize => "  tokenize",
            Phase::Entities => "  entities",
            Phase::Quantities => "  quantities",
            Phase::Time => "  time",
            Phase::Quotes => "  quotes",
            Phase::Glossary => "  glossary",
            Phase::Duplicates => "  duplicates",
            Phase::Keywords => "  keywords",
            Phase::Learner => "  learner",
        }
    }
    fn slot(self) -> usize {
        self as usize
    }
    /// Summed over threads (can exceed the wall time).
    fn summed(self) -> bool {
        !matches!(
            self,
            Phase::Dictionaries
                | Phase::FirstFrame
                | Phase::FirstFrameCpu
                | Phase::FirstFrameWait
                | Phase::AnnotationsShown
                | Phase::AnnotationsDone
                | Phase::Index
                | Phase::Write
        )
    }
}

static ENABLED: AtomicBool = AtomicBool::new(false);
const PHASES: usize = Phase::ALL.len();
static NANOS: [AtomicU64; PHASES] = [const { AtomicU64::new(0) }; PHASES];
static COUNTS: [AtomicU64; PHASES] = [const { AtomicU64::new(0) }; PHASES];

static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

/// One-line notes shown under the table (what a run worked around).
static NOTES: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Adds a one-line note to the report (kept only while recording).
pub fn note(msg: impl Into<String>) {
    if enabled() {
        NOTES
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(msg.into());
    }
}

/// Marks the process start: `main` calls it first, so phases measured
/// "since start" (the first frame) include argument parsing and start-up.
/// A browser run again by itself ([`crate::tui::allocator`]) counts from
/// the first run's start, which it is given in [`STARTED_VAR`].
pub fn mark_start() {
    let _ = START.get_or_init(|| {
        let now = Instant::now();
        inherited_start()
            .and_then(|ago| now.checked_sub(ago))
            .unwrap_or(now)
    });
}

/// The variable a process that runs itself again passes its start in (as
/// nanoseconds since the Unix epoch).
pub const STARTED_VAR: &str = "YUELAN_STARTED_NS";

/// This process's start, for [`STARTED_VAR`].
pub fn started_env() -> String {
    let since = START.get().map_or(Duration::ZERO, Instant::elapsed);
    std::time::SystemTime::now()
        .checked_sub(since)
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
        .to_string()
}

/// How long ago the run that ran this one started, from [`STARTED_VAR`]:
/// only a start of the last few seconds (a later process that inherits
/// the variable is not that run again).
fn inherited_start() -> Option<Duration> {
    let ns: u128 = std::env::var(STARTED_VAR).ok()?.parse().ok()?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    let ago = Duration::from_nanos(u64::try_from(now.checked_sub(ns)?).ok()?);
    (ago < Duration::from_secs(5)).then_some(ago)
}

/// Starts recording (the `--timings` flag); phases measured "since start"
/// count from [`mark_start`], or from here when it was not called.
pub fn enable() {
    let _ = START.get_or_init(Instant::now);
    ENABLED.store(true, Ordering::Relaxed);
}

/// Records the time since start (for "first frame").
pub fn record_since_start(phase: Phase) {
    if let Some(t) = START.get() {
        record(phase, t.elapsed());
    }
}

/// Records the time since start once: later calls for the same phase are
/// ignored (the first frame, the first annotations shown).
pub fn record_since_start_once(phase: Phase) {
    if enabled() && COUNTS[phase.slot()].load(Ordering::Relaxed) == 0 {
        record_since_start(phase);
    }
}

/// The calling thread's time on a core and time waiting for one since it
/// started (`/proc/thread-self/schedstat`; Linux only).
pub fn thread_schedule() -> Option<(Duration, Duration)> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let mut f = s.split_whitespace().map(|x| x.parse::<u64>().ok());
    let on = f.next()??;
    let waiting = f.next()??;
    Some((Duration::from_nanos(on), Duration::from_nanos(waiting)))
}

/// Records the first frame: the time since start, and the main thread's
/// time on a core and waiting for one.
pub fn record_first_frame() {
    if !enabled() || COUNTS[Phase::FirstFrame.slot()].load(Ordering::Relaxed) > 0 {
        return;
    }
    record_since_start(Phase::FirstFrame);
    if let Some((on, waiting)) = thread_schedule() {
        record(Phase::FirstFrameCpu, on);
        record(Phase::FirstFrameWait, waiting);
    }
}

/// The process's peak resident memory in bytes (`VmHWM`; Linux only).
pub fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Adds `d` to a phase.
pub fn record(phase: Phase, d: Duration) {
    if !enabled() {
        return;
    }
    let ns = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
    NANOS[phase.slot()].fetch_add(ns, Ordering::Relaxed);
    COUNTS[phase.slot()].fetch_add(1, Ordering::Relaxed);
}

/// Runs `f`, adding its time to `phase`.
pub fn time<T>(phase: Phase, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let t = Instant::now();
    let out = f();
    record(phase, t.elapsed());
    out
}

/// Records the time from its creation to its drop: one line at the top of
/// a function times all of it (`let _t = Timer::start(Phase::Annotate);`).
pub struct Timer {
    phase: Phase,
    start: Option<Instant>,
}

impl Timer {
    pub fn start(phase: Phase) -> Timer {
        Timer {
            phase,
            start: enabled().then(Instant::now),
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some(t) = self.start {
            record(self.phase, t.elapsed());
        }
    }
}

/// The time and count recorded for a phase.
pub fn get(phase: Phase) -> (Duration, u64) {
    (
        Duration::from_nanos(NANOS[phase.slot()].load(Ordering::Relaxed)),
        COUNTS[phase.slot()].load(Ordering::Relaxed),
    )
}

/// The table printed on exit: one line per phase that was recorded.
pub fn report() -> String {
    let mut out = String::from("timings:\n");
    for phase in Phase::ALL {
        let (d, n) = get(phase);
        if n == 0 {
            continue;
        }
        let ms = d.as_secs_f64() * 1000.0;
        let note = if phase.summed() && n > 1 {
            format!("  ({n}×, summed over threads)")
        } else if n > 1 {
            format!("  ({n}×)")
        } else {
            String::new()
        };
        out.push_str(&format!("  {:<17}{ms:>10.1} ms{note}\n", phase.name()));
    }
    if out.lines().count() == 1 {
        out.push_str("  (nothing was timed)\n");
    }
    for n in NOTES.lock().unwrap_or_else(|e| e.into_inner()).iter() {
        out.push_str(&format!("  note: {n}\n"));
    }
    if let Some(b) = peak_memory() {
        out.push_str(&format!(
            "  {:<17}{:>10.1} MB\n",
            "peak memory",
            b as f64 / 1e6
        ));
    }
    out
}

/// With `--timings`, a line on stderr with the resident memory now and
/// the peak so far (`VmRSS`, `VmHWM`; Linux only) at a step of a run:
/// what is held between its phases.
pub fn memory_at(step: &str) {
    if !enabled() {
        return;
    }
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return;
    };
    let kb = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse::<u64>().ok())
    };
    if let (Some(now), Some(peak)) = (kb("VmRSS:"), kb("VmHWM:")) {
        let mb = |kb: u64| kb as f64 * 1024.0 / 1e6;
        eprintln!(
            "memory: {step}: {:.1} MB resident ({:.1} MB anonymous, {:.1} MB of files), peak {:.1} MB",
            mb(now),
            mb(kb("RssAnon:").unwrap_or(0)),
            mb(kb("RssFile:").unwrap_or(0)),
            mb(peak)
        );
    }
    // Development: `YUELAN_PEAK_PER_STEP=1` makes each line's peak the
    // peak since the line before (Linux resets `VmHWM` on writing 5 to
    // `clear_refs`; the process's final peak is then the last step's).
    if std::env::var_os("YUELAN_PEAK_PER_STEP").is_some() {
        let _ = std::fs::write("/proc/self/clear_refs", "5");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_only_when_enabled_and_reports_phases() {
        // Global state: this is the only test in the crate that enables it.
        let before = get(Phase::Write).1;
        record(Phase::Write, Duration::from_millis(1));
        if !enabled() {
            assert_eq!(get(Phase::Write).1, before);
        }
        enable();
        record(Phase::Write, Duration::from_millis(2));
        record(Phase::Write, Duration::from_millis(3));
        let (d, n) = get(Phase::Write);
        assert!(n >= before + 2);
        assert!(d >= Duration::from_millis(5));
        let r = report();
        assert!(r.contains("write"), "{r}");
        assert!(!r.contains("first frame"), "{r}");
    }
}
