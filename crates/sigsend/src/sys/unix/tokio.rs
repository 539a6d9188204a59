//! With the `tokio` feature: waiting for a process's exit through Tokio's
//! reactor. The descriptor that becomes readable at the exit (the pidfd on
//! Linux, the handle's kqueue on macOS and FreeBSD) is registered with
//! `AsyncFd`; no thread blocks. A duplicate is registered, so that several
//! waits on one handle never collide in the reactor.

use std::time::Duration;

use tokio::io::unix::AsyncFd;
use tokio::io::Interest;

use super::dup;
use crate::error::Error;
use crate::sys::{Call, Handle};
use crate::Exit;

/// The longest pause of the fallback's backoff (Linux without pidfds).
const MAX_PAUSE: Duration = Duration::from_millis(50);

pub(crate) async fn wait_async(handle: &Handle) -> Result<Exit, Error> {
    let registered = match handle.event_fd() {
        Some(fd) => {
            let fd = dup(fd)?;
            let raw = std::os::fd::AsRawFd::as_raw_fd(&fd);
            // SAFETY: the AsyncFd owns the OwnedFd, which stays open and
            // refers to the same open file until the AsyncFd is dropped;
            // OwnedFd::as_raw_fd always returns the same number.
            let registered = unsafe { AsyncFd::register_with_interest(fd, Interest::READABLE) }
                .map_err(|err| {
                    let (_, err) = err.into_parts();
                    Error::from_io(&err, Call::Register { fd: raw })
                })?;
            Some(registered)
        }
        None => None,
    };
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(exit) = handle.try_exit()? {
            return Ok(exit);
        }
        match &registered {
            Some(registered) => {
                let mut guard = registered.readable().await.map_err(|err| {
                    let fd = std::os::fd::AsRawFd::as_raw_fd(registered.get_ref());
                    Error::from_io(&err, Call::Register { fd })
                })?;
                // Readiness stays until cleared; clear it only while the
                // process runs (a spurious wake-up), so it is awaited anew.
                match handle.try_exit()? {
                    Some(exit) => return Ok(exit),
                    None => guard.clear_ready(),
                }
            }
            None => {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(MAX_PAUSE);
            }
        }
    }
}
