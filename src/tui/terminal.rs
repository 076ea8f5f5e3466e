//! Terminal setup and restore: raw mode, the alternate screen and mouse
//! capture. A panic hook and a drop guard both restore the terminal, so a
//! crash never leaves it unusable.

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once, OnceLock};
use std::thread::ThreadId;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Whether the terminal is in the browser's state (raw, alternate screen).
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Puts the terminal back: leaves the alternate screen, stops mouse
/// capture, shows the cursor, ends raw mode. Safe to call more than once:
/// only the first call after `setup` does anything (leaving the alternate
/// screen twice would move the cursor back over what was printed since).
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

static HOOK: Once = Once::new();

/// Where to report an internal error.
pub const REPORT: &str = match option_env!("CARGO_PKG_REPOSITORY") {
    Some(repo) if !repo.is_empty() => concat!(
        "please report it at ",
        env!("CARGO_PKG_REPOSITORY"),
        "/issues with the command you ran"
    ),
    _ => {
        "please report it to the yuelan maintainers with the command you ran and the file you opened"
    }
};

/// The thread that owns the terminal (the one that called `setup`).
static UI_THREAD: OnceLock<ThreadId> = OnceLock::new();
/// The last panic message from another thread (a worker), for its error.
static WORKER_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// The message of the last panic in a worker thread, if any.
pub fn last_worker_panic() -> Option<String> {
    WORKER_PANIC.lock().ok().and_then(|m| m.clone())
}

fn panic_message(info: &std::panic::PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let msg = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    match info.location() {
        Some(l) => format!("{msg} (at {}:{})", l.file(), l.line()),
        None => msg,
    }
}

/// Installs (once) a panic hook. A panic on the interface thread restores
/// the terminal, then prints what happened and where to report it (and
/// Rust's own report when RUST_BACKTRACE is set). A panic on a worker thread
/// leaves the screen alone: its message is kept for the worker's error.
pub fn install_panic_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let on_ui = UI_THREAD
                .get()
                .is_none_or(|id| *id == std::thread::current().id());
            if !on_ui {
                if let Ok(mut slot) = WORKER_PANIC.lock() {
                    *slot = Some(panic_message(info));
                }
                return;
            }
            restore();
            eprintln!("yuelan: internal error: {}", panic_message(info));
            eprintln!("yuelan: this is a bug; {REPORT}");
            if std::env::var_os("RUST_BACKTRACE").is_some() {
                previous(info);
            }
        }));
    });
}

/// Restores the terminal when dropped (early returns, errors).
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Enters raw mode and the alternate screen (and mouse capture if asked).
pub fn setup(mouse: bool) -> anyhow::Result<(Term, Guard)> {
    let _ = UI_THREAD.set(std::thread::current().id());
    install_panic_hook();
    ACTIVE.store(true, Ordering::SeqCst);
    enable_raw_mode()?;
    let guard = Guard;
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen)?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    let terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    Ok((terminal, guard))
}

/// Turns mouse capture on or off.
pub fn set_mouse(on: bool) -> io::Result<()> {
    let mut out = io::stdout();
    if on {
        execute!(out, EnableMouseCapture)
    } else {
        execute!(out, DisableMouseCapture)
    }
}
