//! [`wait_all_of`]: [`wait_all`](crate::wait_all) over borrowed handles.

use std::time::Duration;

use crate::error::Error;
use crate::{sys, wait, Exit, Process};

/// [`wait_all`](crate::wait_all) for handles that are not in one slice
/// (each kept in an `Arc`, say, or by a binding's objects): waits until
/// every process has exited or `timeout` has passed, all at once. One entry
/// per process, in order: how it ended, or `None` if it was still running.
///
/// ```
/// # #[cfg(unix)] {
/// use std::process::Command;
/// use std::time::Duration;
/// use sigsend::{wait_all_of, Exit, Process};
///
/// let mut child = Command::new("true").spawn()?;
/// let process = Process::from_child(&child)?;
/// let exits = wait_all_of(&[&process], Some(Duration::from_secs(10)))?;
/// assert_eq!(exits, [Some(Exit::Code(0))]);
/// # child.wait()?;
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// Only when the OS refuses to wait.
pub fn wait_all_of(
    processes: &[&Process],
    timeout: Option<Duration>,
) -> Result<Vec<Option<Exit>>, Error> {
    let handles: Vec<&sys::Handle> = processes.iter().map(|p| p.handle()).collect();
    wait::until(&handles, timeout.and_then(wait::deadline))
}
