//! [`Interrupts`]: the termination signals held back while a [`Stop`]
//! plan runs, so that a plan interrupted by its user still reports what it
//! did.
//!
//! [`Stop`]: crate::Stop

use std::cell::RefCell;
use std::marker::PhantomData;
use std::rc::Rc;

use crate::error::Error;
use crate::{sys, Signal};

thread_local! {
    /// The guards alive in this thread, the newest last.
    // Clippy asks for the `const` that is there where `Deferred` has no
    // value (Windows).
    #[cfg_attr(windows, allow(clippy::missing_const_for_thread_local))]
    static ALIVE: RefCell<Vec<Rc<sys::Deferred>>> = const { RefCell::new(Vec::new()) };
}

/// A guard that holds back SIGHUP, SIGINT, SIGQUIT and SIGTERM in the
/// calling thread (those the process does not ignore) while it lives, and
/// makes a [`Stop`](crate::Stop) plan run in this thread end its wait
/// early when one of them arrives: the plan sends nothing more and reports
/// every process it was still waiting for as
/// [`StopOutcome::Interrupted`](crate::StopOutcome::Interrupted), with the
/// signal. The caller then says what was done, and drops the guard: the
/// signal held back takes its course (its default action ends the
/// process, with that signal, as the shell expects; a handler runs).
///
/// The signals are blocked in the calling thread only: a thread started
/// while the guard lives inherits the block, but one started before may
/// take the signal meanwhile (its default action ends the process at
/// once). A command with one thread, or that makes the guard before it
/// starts others, has none of that. Other waits ([`Process::wait`](crate::Process::wait),
/// [`wait_all`](crate::wait_all)) are not ended early. The guard cannot
/// move to another thread.
///
/// How the wait wakes: on Linux a signalfd polled with the pidfds (also
/// by the fallback without pidfds); on macOS and FreeBSD `EVFILT_SIGNAL`
/// on the wait's kqueue. Windows has no signals to hold back:
/// [`defer`](Interrupts::defer) fails with
/// [`Unsupported`](crate::ErrorKind::Unsupported) there.
///
/// ```
/// # #[cfg(unix)] {
/// use std::process::Command;
/// use std::time::Duration;
/// use sigsend::{os, Interrupts, Process, Signal, Stop, StopOutcome};
///
/// // A child that ignores TERM, and a plan that waits for it without limit.
/// let mut child = Command::new("sh").args(["-c", "trap '' TERM; exec sleep 60"]).spawn()?;
/// let process = Process::from_child(&child)?;
/// # std::thread::sleep(Duration::from_millis(100));
/// let interrupts = Interrupts::defer()?;
/// // Someone sends us SIGHUP while the plan waits.
/// let me = std::process::id() as i32;
/// std::thread::spawn(move || {
///     std::thread::sleep(Duration::from_millis(200));
///     os::kill(me, Signal::HUP.as_raw())
/// });
/// let report = Stop::new(Signal::TERM, Duration::MAX).run(&process)?;
/// assert_eq!(
///     report.outcome,
///     StopOutcome::Interrupted { step: 0, signal: Signal::TERM, by: Signal::HUP }
/// );
/// assert_eq!(interrupts.received(), Some(Signal::HUP));
/// // The caller says what was done here, then drops the guard: HUP ends
/// // it. (This example keeps HUP held back instead, and exits.)
/// # std::mem::forget(interrupts);
/// # child.kill()?; child.wait()?;
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Interrupts {
    deferred: Rc<sys::Deferred>,
    /// Not `Send`: the signals are blocked in this thread.
    _thread: PhantomData<*const ()>,
}

impl Interrupts {
    /// Holds back the termination signals in the calling thread until the
    /// guard is dropped. Guards nest.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// let interrupts = sigsend::Interrupts::defer()?;
    /// assert_eq!(interrupts.received(), None);
    /// drop(interrupts); // nothing came: nothing happens
    /// # }
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Unsupported`](crate::ErrorKind::Unsupported) on Windows; on Linux
    /// when no signalfd can be made (the descriptor limit is reached).
    pub fn defer() -> Result<Interrupts, Error> {
        let deferred = Rc::new(sys::Deferred::open()?);
        ALIVE.with(|alive| alive.borrow_mut().push(Rc::clone(&deferred)));
        Ok(Interrupts {
            deferred,
            _thread: PhantomData,
        })
    }

    /// The signal held back, if one came (of several, one of them).
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// let interrupts = sigsend::Interrupts::defer()?;
    /// assert_eq!(interrupts.received(), None);
    /// # }
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    pub fn received(&self) -> Option<Signal> {
        self.deferred.pending()
    }
}

impl Drop for Interrupts {
    fn drop(&mut self) {
        ALIVE.with(|alive| {
            let mut alive = alive.borrow_mut();
            if let Some(at) = alive.iter().rposition(|d| Rc::ptr_eq(d, &self.deferred)) {
                alive.remove(at);
            }
        });
    }
}

/// The newest guard alive in this thread, for a plan's waits.
pub(crate) fn current() -> Option<Rc<sys::Deferred>> {
    ALIVE.with(|alive| alive.borrow().last().cloned())
}
