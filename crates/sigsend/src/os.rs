//! Python's process-signalling functions, with CPython's exact semantics.
//!
//! Each function is the system call and nothing more: the numbers go to the
//! kernel unchanged (real-time signals included, and numbers the kernel will
//! reject, so that it is the kernel that says `EINVAL`), there is no retry
//! on `EINTR`, and an error keeps its OS code. Where Python would raise
//! `ProcessLookupError`, the error's [kind](crate::ErrorKind) is
//! [`NoSuchProcess`](crate::ErrorKind::NoSuchProcess); `PermissionError` is
//! [`PermissionDenied`](crate::ErrorKind::PermissionDenied); a plain
//! `OSError(EINVAL)` is [`InvalidSignal`](crate::ErrorKind::InvalidSignal)
//! when the signal was rejected and [`InvalidInput`](crate::ErrorKind::InvalidInput)
//! when another argument was.
//!
//! Differences from CPython, each one forced by Rust's types:
//! - `pid` and `sig` are `i32`, as the system call takes them: CPython casts
//!   a signal number of `2**32 + 15` down to 15; here such a number cannot be
//!   passed, and text is parsed by [`Signal`](crate::Signal), which rejects
//!   it.
//! - CPython runs pending Python signal handlers after `kill` returns; Rust
//!   has no such handlers, so a signal a process sends itself is handled as
//!   the OS delivers it.
//! - `pthread_kill` takes a borrowed `std::thread::JoinHandle`,
//!   not a raw thread id, so it can never name a thread that was already
//!   joined.
//!
//! # Windows
//! Windows has no signals, and `os.kill` there is two calls: `sig` 0
//! (`CTRL_C_EVENT`) and 1 (`CTRL_BREAK_EVENT`) go to a console process group
//! with `GenerateConsoleCtrlEvent`, and any other number ends the process
//! with `TerminateProcess`, whose exit code becomes `sig`. `kill` does just
//! that; `kill_handle` does it on a process handle, as Python's
//! documentation promised and CPython never did. `killpg`, `pthread_kill`,
//! `sigqueue` and the pidfd functions do not exist there. Differences from
//! CPython:
//! - `pid` and `sig` are `u32`, the `DWORD`s the calls take: CPython casts a
//!   negative or larger Python int down to them.
//! - The process is opened with the rights the call needs
//!   (`PROCESS_TERMINATE`, `SYNCHRONIZE`, `PROCESS_QUERY_LIMITED_INFORMATION`),
//!   not `PROCESS_ALL_ACCESS`, so it works on processes that grant no more.
//! - An unknown pid (error 87) is [`NoSuchProcess`](crate::ErrorKind::NoSuchProcess),
//!   with the code kept, where Python raises a plain `OSError`.
//! - A process that has already exited, whose object an open handle keeps,
//!   is [`NoSuchProcess`](crate::ErrorKind::NoSuchProcess) and nothing is
//!   done, whether Windows would refuse (`ERROR_ACCESS_DENIED`, a
//!   `PermissionError` in Python) or, as Wine does, succeed. `kill` on a
//!   process that is already ending (`TerminateProcess` refuses it with
//!   `ERROR_ACCESS_DENIED`) succeeds: it ends.
//! - A console event to a group that is not on the caller's console
//!   (error 87) is [`NoSuchProcess`](crate::ErrorKind::NoSuchProcess);
//!   from a caller without a console (error 6),
//!   [`Unsupported`](crate::ErrorKind::Unsupported).
//!
//! As in Python, the console events go where they are sent: to the group
//! `pid`, which must be one. Given the pid of a process that leads no
//! group, `GenerateConsoleCtrlEvent` reaches every process on the console,
//! the caller too (microsoft/terminal#335); and `CTRL_C_EVENT` to a group
//! reaches only its processes that turned Ctrl+C back on, though it
//! reports success. [`Process::signal`](crate::Process::signal) checks
//! both (see [`Signal`](crate::Signal)).
//!
//! For an existence check on Windows use [`pid_exists`](crate::pid_exists):
//! `os.kill(pid, 0)` there is Ctrl+C to a whole console process group.

#[cfg(any(target_os = "linux", target_os = "android"))]
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
#[cfg(windows)]
use std::os::windows::io::AsHandle;
#[cfg(unix)]
use std::thread::JoinHandle;

use crate::error::Error;
#[cfg(unix)]
use crate::error::ErrorKind;
use crate::sys;
#[cfg(unix)]
use crate::sys::WaitStatus;

/// Sends signal `sig` to `pid`: `os.kill(pid, sig)`, which is `kill(2)`.
///
/// `pid > 0` is one process; `0` every process in the caller's process
/// group; `-1` every process the caller may signal; `< -1` the process group
/// `-pid`. `sig == 0` sends nothing and checks that the target exists (a
/// zombie still does) and may be signalled.
///
/// ```
/// use std::os::unix::process::ExitStatusExt;
/// use std::process::Command;
///
/// let mut child = Command::new("sleep").arg("60").spawn()?;
/// let pid = child.id() as i32;
/// sigsend::os::kill(pid, 0)?; // alive
/// sigsend::os::kill(pid, libc::SIGTERM)?;
/// assert_eq!(child.wait()?.signal(), Some(libc::SIGTERM));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`NoSuchProcess`](ErrorKind::NoSuchProcess) (`ESRCH`),
/// [`PermissionDenied`](ErrorKind::PermissionDenied) (`EPERM`),
/// [`InvalidSignal`](ErrorKind::InvalidSignal) (`EINVAL`: nothing was sent).
#[cfg(unix)]
#[inline]
pub fn kill(pid: i32, sig: i32) -> Result<(), Error> {
    sys::kill(pid, sig)
}

/// Sends signal `sig` to the process group `pgid`: `os.killpg(pgid, sig)`,
/// which is `killpg(3)`. `0` means the caller's own group; a negative
/// `pgid` is rejected with `EINVAL` ([`InvalidInput`](ErrorKind::InvalidInput)).
///
/// ```
/// use std::os::unix::process::{CommandExt, ExitStatusExt};
/// use std::process::Command;
///
/// // A child in a process group of its own, which it leads.
/// let mut child = Command::new("sleep").arg("60").process_group(0).spawn()?;
/// sigsend::os::killpg(child.id() as i32, libc::SIGHUP)?;
/// assert_eq!(child.wait()?.signal(), Some(libc::SIGHUP));
///
/// let err = sigsend::os::killpg(-5, libc::SIGHUP).unwrap_err();
/// assert_eq!(err.kind(), sigsend::ErrorKind::InvalidInput);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`kill`], and [`InvalidInput`](ErrorKind::InvalidInput) for a
/// negative group.
#[cfg(unix)]
pub fn killpg(pgid: i32, sig: i32) -> Result<(), Error> {
    sys::killpg(pgid, sig)
}

/// Sends signal `sig` to one thread of this process:
/// `signal.pthread_kill(thread_id, sig)`, which is `pthread_kill(3)`.
///
/// The thread is named by its [`JoinHandle`], which keeps its id valid even
/// after it has returned; a handler installed for `sig` runs on that thread.
///
/// ```
/// let worker = std::thread::spawn(|| ());
/// // Signal 0 checks that the thread can be signalled.
/// sigsend::os::pthread_kill(&worker, 0)?;
/// worker.join().unwrap();
/// # Ok::<(), sigsend::Error>(())
/// ```
///
/// # Errors
/// [`InvalidSignal`](ErrorKind::InvalidSignal) (`EINVAL`), or
/// [`NoSuchProcess`](ErrorKind::NoSuchProcess) where the C library reports
/// `ESRCH` for a thread that has ended.
#[cfg(unix)]
pub fn pthread_kill<T>(thread: &JoinHandle<T>, sig: i32) -> Result<(), Error> {
    sys::pthread_kill(thread, sig)
}

/// Sends signal `sig` to the thread `tid` of the process `tgid`:
/// `tgkill(2)` (Linux). Use [`gettid`] for a thread's id.
///
/// ```
/// let (pid, tid) = (std::process::id() as i32, sigsend::os::gettid());
/// sigsend::os::tgkill(pid, tid, 0)?;
/// # Ok::<(), sigsend::Error>(())
/// ```
///
/// # Errors
/// As [`kill`]; `ESRCH` when the thread is not in that process.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn tgkill(tgid: i32, tid: i32, sig: i32) -> Result<(), Error> {
    sys::tgkill(tgid, tid, sig)
}

/// The kernel's id of the calling thread: `threading.get_native_id()`
/// (Linux). In the main thread it equals the process id.
///
/// ```
/// assert!(sigsend::os::gettid() > 0);
/// ```
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn gettid() -> i32 {
    sys::gettid()
}

/// Sends signal `sig` carrying the integer `value` to `pid`: `sigqueue(3)`,
/// as `kill --queue` does. A handler installed with `SA_SIGINFO` reads the
/// value from `si_value.sival_int`; `si_code` is `SI_QUEUE`.
///
/// ```
/// use std::os::unix::process::ExitStatusExt;
/// use std::process::Command;
///
/// let mut child = Command::new("sleep").arg("60").spawn()?;
/// sigsend::os::sigqueue(child.id() as i32, libc::SIGUSR1, 42)?;
/// assert_eq!(child.wait()?.signal(), Some(libc::SIGUSR1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`kill`]; `EAGAIN` ([`Other`](ErrorKind::Other)) when the target's
/// queue of signals is full; [`Unsupported`](ErrorKind::Unsupported) on
/// macOS, which has no `sigqueue`.
#[cfg(unix)]
pub fn sigqueue(pid: i32, sig: i32, value: i32) -> Result<(), Error> {
    sys::sigqueue(pid, sig, value)
}

/// A file descriptor that refers to the process `pid` itself, not to its
/// number: `os.pidfd_open(pid)`, which is `pidfd_open(2)` (Linux 5.3+). It
/// stays bound to that process after it exits, so a pid reused by another
/// process is never reached through it; it becomes readable when the
/// process exits.
///
/// ```
/// use std::os::unix::process::ExitStatusExt;
/// use std::process::Command;
///
/// let mut child = Command::new("sleep").arg("60").spawn()?;
/// let pidfd = sigsend::os::pidfd_open(child.id() as i32)?;
/// sigsend::os::pidfd_send_signal(&pidfd, libc::SIGINT)?;
/// assert_eq!(child.wait()?.signal(), Some(libc::SIGINT));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`NoSuchProcess`](ErrorKind::NoSuchProcess) when there is no such
/// process (including the spurious `EINVAL` of a process being reaped at
/// that instant), [`InvalidInput`](ErrorKind::InvalidInput) for `pid <= 0`,
/// [`Unsupported`](ErrorKind::Unsupported) on kernels older than 5.3.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn pidfd_open(pid: i32) -> Result<OwnedFd, Error> {
    sys::pidfd_open(pid)
}

/// Sends signal `sig` to the process a pidfd refers to:
/// `signal.pidfd_send_signal(pidfd, sig)`, which is `pidfd_send_signal(2)`
/// (Linux 5.1+). See [`pidfd_open`] for an example.
///
/// # Errors
/// [`NoSuchProcess`](ErrorKind::NoSuchProcess) once the process has exited
/// and been reaped (never another process that took its pid),
/// [`InvalidSignal`](ErrorKind::InvalidSignal) for a number that is no
/// signal, [`Unsupported`](ErrorKind::Unsupported) on kernels older than
/// 5.1.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn pidfd_send_signal(pidfd: impl AsFd, sig: i32) -> Result<(), Error> {
    sys::pidfd_send_signal(pidfd.as_fd().as_raw_fd(), sig)
}

/// The exit code that a wait status (from `waitpid(2)`, or
/// [`ExitStatusExt::into_raw`](std::os::unix::process::ExitStatusExt::into_raw))
/// stands for: `os.waitstatus_to_exitcode(status)`. A process that exited
/// gives its exit code; one killed by a signal gives minus the signal.
///
/// ```
/// use std::os::unix::process::ExitStatusExt;
/// use std::process::Command;
///
/// let status = Command::new("sh").args(["-c", "exit 3"]).status()?;
/// assert_eq!(sigsend::os::waitstatus_to_exitcode(status.into_raw())?, 3);
///
/// let mut child = Command::new("sleep").arg("60").spawn()?;
/// child.kill()?;
/// let status = child.wait()?.into_raw();
/// assert_eq!(sigsend::os::waitstatus_to_exitcode(status)?, -9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`InvalidInput`](ErrorKind::InvalidInput) for the status of a stopped
/// process, and for a value that is no wait status (Python raises
/// `ValueError` for both).
#[cfg(unix)]
pub fn waitstatus_to_exitcode(status: i32) -> Result<i32, Error> {
    match sys::decode_wait_status(status) {
        WaitStatus::Exited(code) => Ok(code),
        WaitStatus::Signaled(sig) => Ok(-sig),
        WaitStatus::Stopped(sig) => Err(Error::new(
            ErrorKind::InvalidInput,
            format!(
                "wait status {status:#x} is of a process stopped by signal {sig}, not of one \
                 that ended: wait for it to exit first"
            ),
        )),
        WaitStatus::Unknown => Err(Error::new(
            ErrorKind::InvalidInput,
            format!("invalid wait status {status:#x}: it says neither exit nor signal"),
        )),
    }
}

/// Python's `os.kill(pid, sig)` on Windows: `sig` 0 (`CTRL_C_EVENT`) or 1
/// (`CTRL_BREAK_EVENT`) is `GenerateConsoleCtrlEvent(sig, pid)`, where `pid`
/// is a console process group (the pid of a process started with
/// `CREATE_NEW_PROCESS_GROUP`; 0 is every process on the caller's console,
/// the caller too); any other `sig` is `TerminateProcess`, and the process's
/// exit code becomes `sig`. A failed console event is an error: it never
/// falls through to `TerminateProcess`. A `pid` that leads no group takes
/// the event to the whole console (see the [module docs](self)).
///
/// ```
/// # #[cfg(windows)] {
/// use std::process::Command;
///
/// let mut child = Command::new("cmd").args(["/c", "pause"]).spawn()?;
/// sigsend::os::kill(child.id(), 15)?;
/// assert_eq!(child.wait()?.code(), Some(15));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`NoSuchProcess`](crate::ErrorKind::NoSuchProcess) for a pid no process
/// has (error 87, kept) and for a process that has already exited;
/// [`PermissionDenied`](crate::ErrorKind::PermissionDenied) (error 5) for a
/// protected process or another user's; the console events fail when the
/// group is not on the caller's console.
#[cfg(windows)]
pub fn kill(pid: u32, sig: u32) -> Result<(), Error> {
    sys::kill(pid, sig)
}

/// [`kill`] on a process handle (a [`std::process::Child`], or any handle
/// with `PROCESS_TERMINATE` access): `TerminateProcess` on the handle
/// itself, so there is no pid to be reused by another process in between.
/// The console events go to the group that the process leads.
///
/// ```
/// # #[cfg(windows)] {
/// use std::process::Command;
///
/// let mut child = Command::new("cmd").args(["/c", "pause"]).spawn()?;
/// sigsend::os::kill_handle(&child, 100)?;
/// assert_eq!(child.wait()?.code(), Some(100));
/// // Exited: the same error whatever Windows answers.
/// let err = sigsend::os::kill_handle(&child, 100).unwrap_err();
/// assert_eq!(err.kind(), sigsend::ErrorKind::NoSuchProcess);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`kill`].
#[cfg(windows)]
pub fn kill_handle(handle: impl AsHandle, sig: u32) -> Result<(), Error> {
    sys::kill_handle(handle.as_handle(), sig)
}

/// [`pidfd_open`] with `flags` (for example `PIDFD_NONBLOCK`), passed to
/// the kernel unchanged: `os.pidfd_open(pid, flags)`.
///
/// ```
/// # #[cfg(target_os = "linux")] {
/// let me = std::process::id() as i32;
/// let pidfd = sigsend::os::pidfd_open_with_flags(me, 0)?;
/// sigsend::os::pidfd_send_signal(&pidfd, 0)?;
/// # }
/// # Ok::<(), sigsend::Error>(())
/// ```
///
/// # Errors
/// As [`pidfd_open`]; `EINVAL` ([`InvalidInput`](ErrorKind::InvalidInput))
/// for flags the kernel does not know.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn pidfd_open_with_flags(pid: i32, flags: u32) -> Result<OwnedFd, Error> {
    sys::pidfd_open_with_flags(pid, flags)
}

/// [`pidfd_send_signal`] on a descriptor number, with `flags` passed to
/// the kernel unchanged: `signal.pidfd_send_signal(pidfd, sig, None,
/// flags)`. A number that is not an open pidfd is the kernel's `EBADF` or
/// `EINVAL`, and nothing is sent.
///
/// ```
/// # #[cfg(target_os = "linux")] {
/// use std::os::fd::AsRawFd;
///
/// let pidfd = sigsend::os::pidfd_open(std::process::id() as i32)?;
/// sigsend::os::pidfd_send_signal_raw(pidfd.as_raw_fd(), 0, 0)?;
/// let err = sigsend::os::pidfd_send_signal_raw(-1, 0, 0).unwrap_err();
/// assert_eq!(err.raw_os_error(), Some(libc::EBADF));
/// # }
/// # Ok::<(), sigsend::Error>(())
/// ```
///
/// # Errors
/// As [`pidfd_send_signal`].
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn pidfd_send_signal_raw(pidfd: std::os::fd::RawFd, sig: i32, flags: u32) -> Result<(), Error> {
    sys::pidfd_send_signal_with_flags(pidfd, sig, flags)
}

/// [`pthread_kill`] on a raw thread id (a `pthread_t`, such as Python's
/// `threading.get_ident()`): `signal.pthread_kill(thread_id, sig)`.
///
/// ```
/// # #[cfg(unix)] {
/// // SAFETY: the calling thread is alive.
/// unsafe { sigsend::os::pthread_kill_raw(libc::pthread_self(), 0)? };
/// # }
/// # Ok::<(), sigsend::Error>(())
/// ```
///
/// # Safety
/// `thread` must name a thread of this process that has been neither
/// joined nor, if detached, ended: the C library reads the thread's memory
/// through it (glibc crashes on a stale id).
///
/// # Errors
/// As [`pthread_kill`].
#[cfg(unix)]
pub unsafe fn pthread_kill_raw(thread: libc::pthread_t, sig: i32) -> Result<(), Error> {
    // SAFETY: the caller's promise, passed on unchanged.
    unsafe { sys::pthread_kill_raw(thread, sig) }
}

/// [`kill_handle`] on a raw `HANDLE` value, such as Python's
/// `_winapi.OpenProcess` returns: what Python's documentation promised for
/// `os.kill`. The caller keeps the handle open during the call; a value
/// that is no open handle fails (`ERROR_INVALID_HANDLE`), and 0 and the
/// pseudo-handles (-1 is the caller itself) are refused as
/// [`InvalidInput`](crate::ErrorKind::InvalidInput).
///
/// ```
/// # #[cfg(windows)] {
/// use std::os::windows::io::AsRawHandle;
/// use std::process::Command;
///
/// let mut child = Command::new("cmd").args(["/c", "pause"]).spawn()?;
/// sigsend::os::kill_raw_handle(child.as_raw_handle(), 7)?;
/// assert_eq!(child.wait()?.code(), Some(7));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`kill_handle`].
#[cfg(windows)]
pub fn kill_raw_handle(handle: std::os::windows::io::RawHandle, sig: u32) -> Result<(), Error> {
    sys::kill_raw_handle(handle, sig)
}
