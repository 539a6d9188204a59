//! The only place that calls the OS: one file per OS family, each a thin,
//! safe wrapper over the system calls, with every `unsafe` block of the
//! crate and a `// SAFETY:` comment on each.
//!
//! Everything above this module is one code path for every OS.
//!
//! # The process handle interface
//!
//! [`crate::Process`], [`crate::wait_all`] and [`crate::Stop`] use only
//! this, which every OS family provides (`linux/handle.rs`, `bsd.rs`,
//! `windows.rs` with a process handle):
//!
//! ```text
//! pub(crate) struct Handle;                       // Debug + Send + Sync
//! impl Handle {
//!     fn open(pid: u32) -> Result<Handle, Error>;
//!     fn from_child(child: &std::process::Child) -> Result<Handle, Error>;
//!     fn pid(&self) -> u32;
//!     /// As the OS counts it (Linux: clock ticks since boot); `None`: unknown.
//!     fn start_time(&self) -> Option<u64>;
//!     /// `Signal::NULL`: a probe; `value`: a queued value (sigqueue).
//!     fn send(&self, sig: Signal, value: Option<i32>) -> Result<(), Error>;
//!     /// Never blocks: `Some` once the process has exited.
//!     fn try_exit(&self) -> Result<Option<Exit>, Error>;
//!     /// Running, stopped (every thread), or exited; `None`: cannot tell.
//!     fn run_state(&self) -> Option<RunState>;
//!     /// Read only while the handle still refers to its process.
//!     fn signal_state(&self) -> Result<SignalState, Error>;
//!     /// The pidfs inode (Linux 6.9+), else `Unsupported`.
//!     fn inode(&self) -> Result<u64, Error>;
//! }
//! /// Blocks until one of `handles` may have exited, one of the signals
//! /// `interrupt` defers is pending, or `deadline` passes (`None`: no
//! /// limit). May return early; the caller asks `try_exit`.
//! fn wait_any(handles: &[&Handle], deadline: Option<Instant>, interrupt: Option<&Deferred>)
//!     -> Result<(), Error>;
//! /// With the `tokio` feature: waits for the exit without blocking a thread.
//! async fn wait_async(handle: &Handle) -> Result<Exit, Error>;
//! ```
//!
//! For [`crate::Interrupts`], the termination signals held back in the
//! calling thread (`unix.rs`: blocked, and on Linux a signalfd that a
//! wait polls; macOS and FreeBSD watch them with `EVFILT_SIGNAL`; Windows
//! has none, and `open` fails there):
//!
//! ```text
//! pub(crate) struct Deferred;                     // dropped: unblocked
//! impl Deferred {
//!     /// SIGHUP, SIGINT, SIGQUIT, SIGTERM (those not ignored) blocked.
//!     fn open() -> Result<Deferred, Error>;
//!     /// One of them, if pending.
//!     fn pending(&self) -> Option<Signal>;
//! }
//! ```
//!
//! Besides the handle, each OS family sends by pid, lists its processes,
//! reads a signal state by pid and finds the holders of a port:
//!
//! ```text
//! /// `kill(2)`'s forms of a target (Windows: the table of `Target`).
//! fn send(target: Target, sig: Signal) -> Result<(), Error>;
//! /// `sigqueue(3)` to one pid; `Unsupported` where signals carry no value.
//! fn send_with_value(pid: u32, sig: Signal, value: i32) -> Result<(), Error>;
//! /// Every process whose pid, ppid and name pass `keep`, with at least
//! /// the `fields` asked for read for those (`own` left false: the
//! /// caller fills it in and drops what was not asked for). Linux reads
//! /// `stat` of each, the owner (a pidfd's `PIDFD_GET_INFO`, else
//! /// `status`) and `cmdline` only of those kept and only when asked for;
//! /// macOS and FreeBSD the command line only when asked for; Windows
//! /// reads all.
//! fn processes(fields: Fields, keep: &mut dyn FnMut(&ProcessInfo) -> bool)
//!     -> Result<Vec<ProcessInfo>, Error>;
//! /// Process `pid` alone (`None`: no such process, or not readable):
//! /// Linux reads its own files; the others take it from their list.
//! fn process(pid: u32, fields: Fields) -> Result<Option<ProcessInfo>, Error>;
//! /// The caller's user, for `ProcessInfo::is_own`.
//! fn current_user() -> Option<UserId>;
//! fn signal_state(pid: u32) -> Result<SignalState, Error>;
//! /// The sockets of `protocols` whose local port is `port`, with their
//! /// processes, in any order; a process that may not be read is left
//! /// out (`Unsupported` for a record layout sigsend does not know).
//! fn port_holders(port: u16, protocols: &[Protocol]) -> Result<Vec<PortHolder>, Error>;
//! ```
//!
//! For a tree walk that holds processes still: the signals that do it
//! ([`FREEZE_SIGNALS`], `None` on Windows), the time they are held
//! (`unix/hold.rs`; a stub on Windows, never opened there):
//!
//! ```text
//! const FREEZE_SIGNALS: Option<FreezeSignals>;    // SIGSTOP, SIGCONT, TSTP/TTIN/TTOU
//! pub(crate) struct Window;                       // dropped: everything let go
//! impl Window {
//!     /// Termination signals deferred, the walk lock, the guardian.
//!     fn open() -> Result<Window, Error>;
//!     /// The processes never to hold: the caller and its guardian.
//!     fn spared(&self) -> [u32; 2];
//!     /// (pid, start time) of processes about to be stopped.
//!     fn watch(&mut self, members: &[(u32, u64)]);
//! }
//! /// The descriptor limit raised to the hard one; `None`: no such limit.
//! fn raise_fd_limit() -> Result<Option<u64>, Error>;
//! ```
//!
//! And a group for [`crate::Group`]: a process group (`unix/group.rs`) or
//! a Job object (`windows/job.rs`):
//!
//! ```text
//! pub(crate) struct GroupHandle;
//! impl GroupHandle {
//!     fn spawn(command: &mut Command) -> Result<(Child, GroupHandle), Error>;
//!     /// To every member; refused once `leader` no longer holds the group.
//!     fn signal(&self, leader: &Handle, sig: Signal) -> Result<(), Error>;
//! }
//! ```
//!
//! And the errors: each OS family names its own system calls, as an
//! [`Error`](crate::Error) shows them (`unix/call.rs`,
//! `windows/call.rs`), and tells what its error codes mean:
//!
//! ```text
//! pub(crate) enum Call;                   // Debug + Copy + Eq + Display
//! impl Call {
//!     /// What EINVAL (ERROR_INVALID_PARAMETER) from it means: a bad
//!     /// signal only for a call that carries one.
//!     fn invalid_argument(self) -> ErrorKind;
//!     /// A kind and a hint that `code` has for this call alone.
//!     fn own_meaning(self, code: i32) -> Option<(ErrorKind, &'static str)>;
//! }
//! /// The kind a code always has; `None` where the call decides.
//! fn error_kind(code: i32) -> Option<ErrorKind>;
//! /// What to do when `code` says a resource of the caller ran out.
//! fn exhausted(code: i32) -> Option<&'static str>;
//! ```
//!
//! A handle must never reach another process that reused the pid: `send`
//! fails with [`ErrorKind::NoSuchProcess`](crate::ErrorKind::NoSuchProcess)
//! once the process is gone. `try_exit` must not reap (a `Child` owner
//! reaps); it gives the exit status where the OS tells it, else
//! [`Exit::Unknown`](crate::Exit::Unknown). `wait_any` must wait for all
//! handles in one kernel wait, never one after another; its caller
//! recomputes the time left, so it may return early after an
//! interruption. Every caller waits until all its processes have exited,
//! so a wait that can watch only so many (Windows'
//! `WaitForMultipleObjects`, 64 handles) watches the first ones: the others
//! are watched once those are gone.

/// The signals by which a tree walk holds processes still where the OS
/// can ([`FREEZE_SIGNALS`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct FreezeSignals {
    /// Holds a process still: it cannot fork while stopped.
    pub(crate) stop: Signal,
    /// Lets it go again.
    pub(crate) resume: Signal,
    /// The stop signals the resume would discard were they pending.
    pub(crate) cancelled: [Signal; 3],
}

/// Whether a process runs code of its own now, as
/// [`Handle::run_state`](Handle) tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RunState {
    /// At least one of its threads may run.
    Running,
    /// Stopped by a signal (every thread): job control, its user's.
    Stopped,
    /// Stopped under a tracer (a debugger, `strace`), which may let it go
    /// again at any moment: runs no code now, but is nobody's job-control
    /// stop. Only Linux tells it apart (`t`); elsewhere it is `Stopped`.
    #[cfg_attr(
        not(any(target_os = "linux", target_os = "android")),
        expect(dead_code, reason = "only Linux tells a tracer's stop from a signal's")
    )]
    Traced,
    /// It has exited (a zombie), or is gone.
    Exited,
}

use crate::Signal;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
use crate::{Error, Fields, ProcessInfo};

/// Process `pid` alone, where the OS has no cheaper source than its list.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(crate) fn process(pid: u32, fields: Fields) -> Result<Option<ProcessInfo>, Error> {
    Ok(processes(fields, &mut |info| info.pid == pid)?.pop())
}

#[cfg(unix)]
mod unix;
#[cfg(unix)]
pub(crate) use unix::*;

#[cfg(any(target_os = "linux", target_os = "android"))]
mod linux;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) use linux::*;

#[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
mod bsd;
#[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
pub(crate) use bsd::*;

/// The parts of `bsd/` that only decode what macOS and FreeBSD write
/// (socket records, process identities, in plain data) or decide what to
/// do with it (the exit kept once seen, the sizes a `sysctl` read asks
/// for), in the same tree as there (the files of `sys/bsd/`, so
/// `super::super::inet` means the same in both), so that their unit tests
/// run on Linux too. What only the system calls use is dead here.
#[cfg(all(test, target_os = "linux"))]
#[path = "bsd"]
#[allow(dead_code)]
mod bsd_records {
    mod exit_latch;
    mod inet;
    mod sizes;
    mod apple {
        mod proc_info;
        mod uniqid;
    }
    mod freebsd {
        mod boot;
        mod pcblist;
        mod xstructs;
    }
}

#[cfg(all(unix, feature = "tokio"))]
mod tokio;
#[cfg(all(unix, feature = "tokio"))]
pub(crate) use self::tokio::wait_async;

#[cfg(windows)]
mod windows;
#[cfg(windows)]
pub(crate) use windows::*;
