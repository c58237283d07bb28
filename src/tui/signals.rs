//! Termination signals end the screen the way `q` does: SIGTERM, SIGHUP (the terminal or SSH
//! session went away), SIGINT and SIGQUIT (sent with `kill`; in raw mode the keys send none) are
//! caught, the loop sees them within a tick and returns, and the terminal is restored on the way
//! out. If the loop is busy for longer, the signal's thread restores the terminal itself and
//! exits. Every decision is saved when it is made, so nothing is lost either way.

use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::{Handle, Signals};

/// How long the loop has to notice a signal before its thread restores the terminal itself.
const GRACE: Duration = Duration::from_secs(2);

pub struct Watch {
    received: Arc<AtomicI32>,
    handle: Handle,
}

impl Watch {
    /// Starts listening; `restore` is what the thread runs if the loop does not return in time.
    pub fn install(restore: impl FnOnce() + Send + 'static) -> std::io::Result<Self> {
        let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
        let handle = signals.handle();
        let received = Arc::new(AtomicI32::new(0));
        let seen = Arc::clone(&received);
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                seen.store(signal, Ordering::SeqCst);
                std::thread::sleep(GRACE);
                restore();
                eprintln!("leakdesk: stopped by {}", name(signal));
                std::process::exit(128 + signal);
            }
        });
        Ok(Self { received, handle })
    }

    /// The signal received, if any.
    pub fn received(&self) -> Option<i32> {
        match self.received.load(Ordering::SeqCst) {
            0 => None,
            s => Some(s),
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.handle.close();
    }
}

/// `SIGTERM`, for messages.
pub fn name(signal: i32) -> &'static str {
    match signal {
        SIGTERM => "SIGTERM",
        SIGHUP => "SIGHUP",
        SIGINT => "SIGINT",
        SIGQUIT => "SIGQUIT",
        _ => "a signal",
    }
}
