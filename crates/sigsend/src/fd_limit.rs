//! [`raise_fd_limit`]: as many descriptors as the system lets this
//! process have.

use crate::error::Error;
use crate::sys;

/// Raises this process's soft limit on open descriptors (`RLIMIT_NOFILE`)
/// to its hard limit, as Go's runtime does at start (on macOS to at most
/// `OPEN_MAX`, 10240, which is all `setrlimit` accepts there), and returns
/// the soft limit now; `None` where the OS has no such limit (Windows).
///
/// A [`Process`](crate::Process) holds one descriptor on Linux (its
/// pidfd) and on macOS and FreeBSD (its kqueue). sigsend never needs this
/// to finish its work: on Linux, a handle opened with the table nearly
/// full keeps the pid and its start time instead of a pidfd (checked
/// before every signal; waiting for it polls), so a [`Stop`](crate::Stop)
/// plan or a tree of any size is carried out whole. But with the higher
/// limit every process gets the race-free handle and the event-driven
/// wait. The `sigsend` command calls this first thing.
///
/// ```
/// let limit = sigsend::raise_fd_limit()?;
/// # #[cfg(unix)]
/// assert!(limit.is_some_and(|limit| limit >= 64));
/// # Ok::<(), sigsend::Error>(())
/// ```
///
/// # Errors
/// When the OS refuses to tell or to change the limit.
pub fn raise_fd_limit() -> Result<Option<u64>, Error> {
    sys::raise_fd_limit()
}
