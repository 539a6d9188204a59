//! Waiting for many processes at once, with one deadline: [`wait_all`].

use std::time::{Duration, Instant};

use crate::error::Error;
use crate::{sys, Exit, Process, Signal};

/// Waits until every process in `processes` (a slice or `Vec` of
/// [`Process`], or references to them) has exited, or `timeout` has passed
/// (`None`: no limit). All are waited on at once (one `poll` over
/// their pidfds on Linux, one kqueue on macOS and FreeBSD), so 100
/// processes take as long as the slowest, not the sum.
///
/// The result has one entry per process, in order: how it ended, or
/// `None` if it was still running at the deadline.
///
/// ```
/// # #[cfg(unix)] {
/// use std::process::Command;
/// use std::time::Duration;
/// use sigsend::{wait_all, Exit, Process};
///
/// let mut quick = Command::new("true").spawn()?;
/// let mut slow = Command::new("sleep").arg("60").spawn()?;
/// let both = [Process::from_child(&quick)?, Process::from_child(&slow)?];
/// let exits = wait_all(&both, Some(Duration::from_millis(200)))?;
/// assert_eq!(exits, [Some(Exit::Code(0)), None]);
/// # slow.kill()?; slow.wait()?; quick.wait()?;
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Limits: on Linux each process holds one descriptor, so the number of
/// processes is bounded by `RLIMIT_NOFILE` (`ulimit -n`).
///
/// # Errors
/// Only when the OS refuses to wait.
pub fn wait_all(
    processes: &[Process],
    timeout: Option<Duration>,
) -> Result<Vec<Option<Exit>>, Error> {
    let handles: Vec<&sys::Handle> = processes.iter().map(Process::handle).collect();
    until(&handles, timeout.and_then(deadline))
}

/// The instant `timeout` from now; `None` (no limit) if that is beyond
/// what the clock can tell.
pub(crate) fn deadline(timeout: Duration) -> Option<Instant> {
    Instant::now().checked_add(timeout)
}

/// Waits until every handle has exited or `deadline` passes; how each
/// ended, `None` for those still running.
pub(crate) fn until(
    handles: &[&sys::Handle],
    deadline: Option<Instant>,
) -> Result<Vec<Option<Exit>>, Error> {
    until_interrupted(handles, deadline, None).map(|(exits, _)| exits)
}

/// [`until`], which also ends when one of the signals `interrupt` defers
/// is pending (before the deadline), with that signal.
pub(crate) fn until_interrupted(
    handles: &[&sys::Handle],
    deadline: Option<Instant>,
    interrupt: Option<&sys::Deferred>,
) -> Result<(Vec<Option<Exit>>, Option<Signal>), Error> {
    let mut exits = vec![None; handles.len()];
    let mut running = handles.to_vec();
    // The wait comes before the look: it ends at once for a process that
    // has exited already, and what it saw spares the look a system call
    // (a pidfd found readable is a process that exited).
    while !running.is_empty() {
        sys::wait_any(&running, deadline, interrupt)?;
        running.clear();
        for (exit, handle) in exits.iter_mut().zip(handles) {
            if exit.is_none() {
                *exit = handle.try_exit()?;
                if exit.is_none() {
                    running.push(*handle);
                }
            }
        }
        if running.is_empty() || deadline.is_some_and(|deadline| Instant::now() >= deadline) {
            break;
        }
        if let Some(signal) = interrupt.and_then(sys::Deferred::pending) {
            return Ok((exits, Some(signal)));
        }
    }
    Ok((exits, None))
}
