//! What a [`Process`] waits on, for an event loop of the caller's own.

use crate::Process;

#[cfg(unix)]
impl Process {
    /// A descriptor that becomes readable once the process has exited, for
    /// an event loop of the caller's (Python's asyncio, `mio`, `poll`):
    /// the pidfd on Linux, the handle's kqueue on macOS and FreeBSD.
    /// `None` where the handle has none (Linux without pidfds: see
    /// [`Process`]). Readable means "look now": call
    /// [`try_wait`](Process::try_wait) then. The descriptor stays the
    /// handle's; do not close it.
    ///
    /// ```
    /// # #[cfg(target_os = "linux")] {
    /// use std::os::fd::AsRawFd;
    ///
    /// let mut child = std::process::Command::new("true").spawn()?;
    /// let process = sigsend::Process::from_child(&child)?;
    /// if let Some(fd) = process.exit_fd() {
    ///     let mut pfd = libc::pollfd { fd: fd.as_raw_fd(), events: libc::POLLIN, revents: 0 };
    ///     // SAFETY: one pollfd that lives across the call.
    ///     assert_eq!(unsafe { libc::poll(&mut pfd, 1, 10_000) }, 1);
    /// }
    /// assert_eq!(process.wait()?, sigsend::Exit::Code(0));
    /// child.wait()?;
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn exit_fd(&self) -> Option<std::os::fd::BorrowedFd<'_>> {
        self.handle().exit_fd()
    }
}

/// The process handle (`SYNCHRONIZE`, `PROCESS_TERMINATE`,
/// `PROCESS_QUERY_LIMITED_INFORMATION`), signalled once the process has
/// exited: for `WaitForMultipleObjects` or a thread-pool wait of the
/// caller's.
#[cfg(windows)]
impl std::os::windows::io::AsHandle for Process {
    fn as_handle(&self) -> std::os::windows::io::BorrowedHandle<'_> {
        self.handle().process_handle()
    }
}
