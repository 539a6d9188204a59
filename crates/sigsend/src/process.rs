//! [`Process`]: a handle on one process that never reaches another process
//! that reused its pid.

use std::process::Child;
use std::time::Duration;

use crate::error::{Error, ErrorKind};
use crate::{sys, wait, Exit, Signal, SignalState};

/// A handle on one process.
///
/// A pid is a name the kernel reuses: once a process has exited and been
/// reaped, a new process may get its number, and `kill(pid, sig)` would hit
/// that stranger. A `Process` is bound to the process itself, so it never
/// does: once its process is gone, [`signal`](Process::signal) fails with
/// [`NoSuchProcess`](crate::ErrorKind::NoSuchProcess) and sends nothing.
///
/// How, per OS:
/// - Linux 5.3+: a pidfd (`pidfd_open`, `pidfd_send_signal`), which is
///   readable when the process exits. On older kernels, or where a seccomp
///   filter refuses `pidfd_open` (`ENOSYS`, or `EPERM`, which the kernel
///   itself never gives for it), the pid and the process's
///   start time (`/proc/PID/stat`), checked before every signal: a reused
///   pid has another start time and is never signalled. Two limits
///   there: the start time counts clock ticks (10 ms), so a pid reused
///   within the tick its first owner started in goes unnoticed; and a
///   process that exits, is reaped and has its pid reused in the
///   microseconds between that check and the signal is the one race left.
///   Waiting polls there with a bounded backoff (1 ms doubling to 50 ms):
///   without pidfds the kernel offers no event for the exit of a process
///   that is not our child, and one wait covers children and others alike.
///   A handle opened with the descriptor table nearly full (its last
///   quarter, 16 to 256 descriptors, stays free) is of this kind too, so
///   that many handles never exhaust the table; see
///   [`raise_fd_limit`](crate::raise_fd_limit).
/// - macOS, FreeBSD: a kqueue with `EVFILT_PROC`/`NOTE_EXIT` for the exit,
///   and the start time for the identity before every signal.
/// - Windows: a process handle (`SYNCHRONIZE`, `PROCESS_TERMINATE`,
///   `PROCESS_QUERY_LIMITED_INFORMATION`), which by itself keeps the pid
///   from reuse; `WaitForMultipleObjects` for the exit, whose code is known
///   for every process. Signals have `os.kill`'s Windows meaning (see
///   [`Signal`]); a queued value is [`Unsupported`](crate::ErrorKind::Unsupported).
///
/// Waiting is event-driven (see [`wait`](Process::wait) and
/// [`wait_all`](crate::wait_all)). On POSIX the exit status is known for our own
/// children; for other processes the exit is seen, its status is
/// [`Exit::Unknown`]. Waiting never reaps: the `std::process::Child` owner
/// still can.
///
/// ```
/// # #[cfg(unix)] {
/// use std::process::Command;
/// use sigsend::{ErrorKind, Exit, Process, Signal};
///
/// let mut child = Command::new("sleep").arg("60").spawn()?;
/// let process = Process::from_child(&child)?;
/// assert!(process.is_alive()?);
/// process.signal(Signal::TERM)?;
/// assert_eq!(process.wait()?, Exit::Signaled(Signal::TERM));
///
/// child.wait()?; // reaped: the pid is free for others now
/// let err = process.signal(Signal::KILL).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::NoSuchProcess);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Process {
    handle: sys::Handle,
}

impl Process {
    /// Opens a handle on the process `pid`.
    ///
    /// From then on the handle refers to that process, whatever later
    /// happens to the number. If `pid` is a child of this process, its exit
    /// status can be read.
    ///
    /// ```
    /// use sigsend::{ErrorKind, Process};
    ///
    /// let me = Process::open(std::process::id())?;
    /// assert!(me.is_alive()?);
    /// assert_eq!(Process::open(0).unwrap_err().kind(), ErrorKind::InvalidInput);
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`NoSuchProcess`](crate::ErrorKind::NoSuchProcess) when there is no
    /// such process; [`InvalidInput`](crate::ErrorKind::InvalidInput) for 0
    /// and, on POSIX, for a pid above `i32::MAX` (never truncated).
    pub fn open(pid: u32) -> Result<Process, Error> {
        sys::Handle::open(pid).map(|handle| Process { handle })
    }

    /// Opens a handle on the process `pid` only if it is the process with
    /// the pidfs inode `inode` (util-linux's `PID:INODE`; see
    /// [`inode`](Process::inode)): a pid that names another process now is
    /// refused, and nothing is ever sent to it.
    ///
    /// ```
    /// # #[cfg(target_os = "linux")] {
    /// use sigsend::{ErrorKind, Process};
    ///
    /// let me = Process::open(std::process::id())?;
    /// if let Ok(inode) = me.inode() {
    ///     let again = Process::open_with_inode(me.pid(), inode)?;
    ///     assert_eq!(again.pid(), me.pid());
    ///     let err = Process::open_with_inode(me.pid(), inode + 1).unwrap_err();
    ///     assert_eq!(err.kind(), ErrorKind::NoSuchProcess);
    /// }
    /// # }
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`NoSuchProcess`](crate::ErrorKind::NoSuchProcess) when there is no
    /// such process or its inode is another;
    /// [`Unsupported`](crate::ErrorKind::Unsupported) as for
    /// [`inode`](Process::inode).
    pub fn open_with_inode(pid: u32, inode: u64) -> Result<Process, Error> {
        let process = Process::open(pid)?;
        let actual = process.inode()?;
        if actual != inode {
            return Err(Error::new(
                ErrorKind::NoSuchProcess,
                format!(
                    "the pidfs inode of pid {pid} is {actual}, not {inode}: another process \
                     has that pid now, or the inode is mistyped; nothing was sent"
                ),
            ));
        }
        Ok(process)
    }

    /// Opens a handle on a child started with [`std::process::Command`].
    ///
    /// The child must not have been waited for yet (its pid may name
    /// another process after that); the handle never reaps it, so the
    /// `Child` can still be waited for afterwards.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// use sigsend::{Exit, Process};
    ///
    /// let mut child = std::process::Command::new("true").spawn()?;
    /// let process = Process::from_child(&child)?;
    /// assert_eq!(process.wait()?, Exit::Code(0));
    /// assert!(child.wait()?.success());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`NoSuchProcess`](crate::ErrorKind::NoSuchProcess) when the child was
    /// already reaped.
    pub fn from_child(child: &Child) -> Result<Process, Error> {
        sys::Handle::from_child(child).map(|handle| Process { handle })
    }

    /// The process id.
    ///
    /// ```
    /// let me = sigsend::Process::open(std::process::id())?;
    /// assert_eq!(me.pid(), std::process::id());
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    pub fn pid(&self) -> u32 {
        self.handle.pid()
    }

    /// Sends `sig` to the process, never to another one that reused its
    /// pid. [`Signal::NULL`] sends nothing and checks that the process still
    /// exists (a zombie does, as for `kill(2)`).
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// use sigsend::{Exit, Process, Signal};
    ///
    /// let mut child = std::process::Command::new("sleep").arg("60").spawn()?;
    /// let process = Process::from_child(&child)?;
    /// process.signal(Signal::NULL)?;
    /// process.signal(Signal::HUP)?;
    /// assert_eq!(process.wait()?, Exit::Signaled(Signal::HUP));
    /// # child.wait()?;
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`NoSuchProcess`](crate::ErrorKind::NoSuchProcess) once the process
    /// has exited and been reaped;
    /// [`PermissionDenied`](crate::ErrorKind::PermissionDenied); on
    /// Windows, [`Unsupported`](crate::ErrorKind::Unsupported) for a console
    /// event to a process that is no [`Group`](crate::Group)'s leader, and
    /// for `CTRL_C` to any (see [`Signal`]'s Windows notes).
    pub fn signal(&self, sig: Signal) -> Result<(), Error> {
        self.handle.send(sig, None)
    }

    /// Sends `sig` carrying the integer `value`, as `sigqueue(3)` does: a
    /// handler installed with `SA_SIGINFO` sees `si_code` `SI_QUEUE` and the
    /// value in `si_value.sival_int`. On Linux it goes through the pidfd.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// use sigsend::{Exit, Process, Signal};
    ///
    /// let mut child = std::process::Command::new("sleep").arg("60").spawn()?;
    /// let process = Process::from_child(&child)?;
    /// # #[cfg(not(target_vendor = "apple"))] {
    /// process.signal_with_value(Signal::USR1, 42)?;
    /// assert_eq!(process.wait()?, Exit::Signaled(Signal::USR1));
    /// # }
    /// # child.kill()?; child.wait()?;
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`signal`](Process::signal);
    /// [`Unsupported`](crate::ErrorKind::Unsupported) on macOS, which has
    /// no `sigqueue`.
    pub fn signal_with_value(&self, sig: Signal, value: i32) -> Result<(), Error> {
        self.handle.send(sig, Some(value))
    }

    /// Whether the process is still running (a zombie is not: it has
    /// exited).
    ///
    /// ```
    /// let me = sigsend::Process::open(std::process::id())?;
    /// assert!(me.is_alive()?);
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    ///
    /// # Errors
    /// Only when the OS refuses to say.
    pub fn is_alive(&self) -> Result<bool, Error> {
        self.try_wait().map(|exit| exit.is_none())
    }

    /// Whether the process is stopped by a signal (SIGSTOP, or job
    /// control's SIGTSTP, SIGTTIN, SIGTTOU): it runs no code, and cannot
    /// exit, whatever it is sent, until it is continued (SIGCONT; only
    /// SIGKILL ends it meanwhile). A process that runs, has exited, or
    /// whose state cannot be read is not; on Linux neither is one held by
    /// a tracer (a debugger, `strace`), which lets it go on its own;
    /// Windows stops no process this way, so it is never stopped there.
    ///
    /// ```
    /// # #[cfg(target_os = "linux")] {
    /// use sigsend::{Process, Signal};
    ///
    /// let mut child = std::process::Command::new("sleep").arg("60").spawn()?;
    /// let process = Process::from_child(&child)?;
    /// assert!(!process.is_stopped());
    /// process.signal(Signal::STOP)?;
    /// while !process.is_stopped() {
    ///     std::thread::yield_now();
    /// }
    /// process.signal(Signal::KILL)?;
    /// # child.wait()?;
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_stopped(&self) -> bool {
        self.handle.run_state() == Some(sys::RunState::Stopped)
    }

    /// How the process ended, if it has; never blocks.
    ///
    /// ```
    /// let me = sigsend::Process::open(std::process::id())?;
    /// assert_eq!(me.try_wait()?, None);
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    ///
    /// # Errors
    /// Only when the OS refuses to say.
    pub fn try_wait(&self) -> Result<Option<Exit>, Error> {
        self.handle.try_exit()
    }

    /// Waits until the process exits and tells how. It does not reap a
    /// child: its `std::process::Child` still can.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// use sigsend::{Exit, Process};
    ///
    /// let mut child = std::process::Command::new("sh").args(["-c", "exit 7"]).spawn()?;
    /// assert_eq!(Process::from_child(&child)?.wait()?, Exit::Code(7));
    /// # child.wait()?;
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// Only when the OS refuses to wait.
    pub fn wait(&self) -> Result<Exit, Error> {
        let exits = wait::until(&[&self.handle], None)?;
        Ok(exits[0].unwrap_or(Exit::Unknown))
    }

    /// Waits up to `timeout` for the process to exit: `Some` with how it
    /// ended if it did, `None` if it is still running.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// use std::time::Duration;
    /// use sigsend::Process;
    ///
    /// let mut child = std::process::Command::new("sleep").arg("60").spawn()?;
    /// let process = Process::from_child(&child)?;
    /// assert_eq!(process.wait_timeout(Duration::from_millis(10))?, None);
    /// # child.kill()?; child.wait()?;
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// Only when the OS refuses to wait.
    pub fn wait_timeout(&self, timeout: Duration) -> Result<Option<Exit>, Error> {
        let exits = wait::until(&[&self.handle], wait::deadline(timeout))?;
        Ok(exits[0])
    }

    /// Waits for the process to exit without blocking a thread: the pidfd
    /// (Linux) or kqueue (macOS, FreeBSD) is registered with Tokio's
    /// reactor. Without pidfds (old Linux) it looks with a bounded backoff.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use sigsend::{Exit, Process, Signal};
    ///
    /// let mut child = std::process::Command::new("sleep").arg("60").spawn()?;
    /// let process = Process::from_child(&child)?;
    /// process.signal(Signal::INT)?;
    /// assert_eq!(process.wait_async().await?, Exit::Signaled(Signal::INT));
    /// # child.wait()?;
    /// # Ok(())
    /// # }
    /// # }
    /// ```
    ///
    /// # Errors
    /// Only when the OS refuses to wait.
    ///
    /// # Panics
    /// Outside a Tokio runtime with I/O and time enabled (as Tokio's own
    /// `AsyncFd` does).
    #[cfg(feature = "tokio")]
    #[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
    pub async fn wait_async(&self) -> Result<Exit, Error> {
        sys::wait_async(&self.handle).await
    }

    /// The process's pidfs inode (Linux 6.9+): with the pid, an identity
    /// no other process will ever have, which util-linux `kill` (2.42)
    /// takes as `PID:INODE`, and [`open_with_inode`](Process::open_with_inode)
    /// too.
    ///
    /// ```
    /// # #[cfg(target_os = "linux")] {
    /// let me = sigsend::Process::open(std::process::id())?;
    /// match me.inode() {
    ///     Ok(inode) => assert!(inode > 0),
    ///     Err(err) => assert_eq!(err.kind(), sigsend::ErrorKind::Unsupported),
    /// }
    /// # }
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Unsupported`](crate::ErrorKind::Unsupported) where the handle is
    /// no pidfd on pidfs: Linux before 6.9, Linux without pidfds, and every
    /// other OS.
    pub fn inode(&self) -> Result<u64, Error> {
        self.handle.inode()
    }

    /// The process's signal state, read only while the handle still
    /// refers to the process (see [`signal_state`](crate::signal_state)):
    /// a pid reused meanwhile is never read.
    ///
    /// ```
    /// # #[cfg(any(target_os = "linux", target_os = "freebsd"))] {
    /// use sigsend::{Process, Signal};
    ///
    /// let me = Process::open(std::process::id())?;
    /// assert!(me.signal_state()?.ignored.contains(Signal::PIPE));
    /// # }
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`NoSuchProcess`](crate::ErrorKind::NoSuchProcess) once the process
    /// has been reaped; [`Unsupported`](crate::ErrorKind::Unsupported) on
    /// macOS and Windows.
    pub fn signal_state(&self) -> Result<SignalState, Error> {
        self.handle.signal_state()
    }

    pub(crate) fn handle(&self) -> &sys::Handle {
        &self.handle
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A handle can move to and be shared with other threads, on every OS.
    #[test]
    fn process_is_send_and_sync() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Process>();
    }
}
