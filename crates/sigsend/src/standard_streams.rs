//! [`prepare_standard_streams`]: the standard streams as Rust's runtime
//! leaves them before `main`, for a program that starts without it.

use crate::error::Error;
use crate::sys;

/// Does to the standard streams what Rust's runtime does before `main`,
/// for a program whose `main` is C's (`#![no_main]`, which skips the
/// runtime's start-up; on Linux that start-up reads `/proc/self/maps` to
/// find the main thread's stack). On Unix, each of the descriptors 0, 1
/// and 2 that is closed is opened on `/dev/null`, so that no descriptor
/// opened later is taken for a standard stream, and `SIGPIPE` is ignored,
/// so that a write to a closed pipe fails with `EPIPE`
/// ([`std::io::ErrorKind::BrokenPipe`]) instead of ending the process.
/// On Windows there is nothing to do. The `sigsend` command calls this
/// first thing.
///
/// ```
/// sigsend::prepare_standard_streams()?;
/// # Ok::<(), sigsend::Error>(())
/// ```
///
/// # Errors
/// When a closed standard stream cannot be opened on `/dev/null`.
pub fn prepare_standard_streams() -> Result<(), Error> {
    sys::prepare_standard_streams()
}
