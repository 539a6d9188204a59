//! The "exited" state of a BSD handle, kept once seen. The kqueue's
//! `NOTE_EXIT` event is one-shot (the kernel deletes the knote as it
//! reports the exit: FreeBSD's `filt_proc` sets `EV_ONESHOT`, XNU's does
//! the same), so whoever reads it first, `try_exit` in one thread, would
//! take it from a wait in another, or from an async runtime that polls
//! the kqueue. [`ExitLatch`] remembers the exit in the handle, and the
//! first caller to see the exit tells `bsd.rs` to raise an `EVFILT_USER`
//! event on the kqueue that stays raised, so that the kqueue stays
//! readable for every waiter.
//!
//! Plain logic, no system call: `sys/mod.rs` builds this on Linux too,
//! for the unit tests.

use std::sync::atomic::{AtomicBool, Ordering};

/// Whether the process's exit has been seen.
#[derive(Debug)]
pub(crate) struct ExitLatch(AtomicBool);

impl ExitLatch {
    /// A latch that is set when `seen`.
    pub(crate) fn new(seen: bool) -> ExitLatch {
        ExitLatch(AtomicBool::new(seen))
    }

    /// Whether the exit has been seen.
    pub(crate) fn is_set(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }

    /// Records that the exit was seen; `true` for the one caller that saw
    /// it first, who raises the lasting event.
    pub(crate) fn set(&self) -> bool {
        !self.0.swap(true, Ordering::AcqRel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::thread;

    #[test]
    fn the_exit_stays_seen_and_one_caller_raises_it() {
        let latch = ExitLatch::new(false);
        assert!(!latch.is_set());
        assert!(latch.set(), "the first to see it raises it");
        assert!(latch.is_set());
        assert!(!latch.set(), "seen again: nothing more to raise");
        assert!(latch.is_set(), "and it stays");
        let seen = ExitLatch::new(true);
        assert!(seen.is_set());
        assert!(!seen.set());
    }

    #[test]
    fn of_many_threads_that_see_the_exit_one_raises_it() {
        let latch = Arc::new(ExitLatch::new(false));
        let raised: usize = (0..8)
            .map(|_| {
                let latch = Arc::clone(&latch);
                thread::spawn(move || latch.set())
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|thread| usize::from(thread.join().unwrap()))
            .sum();
        assert_eq!(raised, 1);
        assert!(latch.is_set());
    }
}
