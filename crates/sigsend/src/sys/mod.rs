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
//!     /// Unix: a descriptor readable once the process has exited (the
//!     /// pidfd, the kqueue); `None` without one (Linux without pidfds).
//!     fn exit_fd(&self) -> Option<BorrowedFd<'_>>;
//!     /// Windows: the process handle, signalled once it has exited.
//!     fn process_handle(&self) -> BorrowedHandle<'_>;
//! }
//! /// Blocks until one of `handles` may have exited, one of the signals
//! /// `interrupt` defers is pending, or `deadline` passes (`None`: no
//! /// limit). May return early; the caller asks `try_exit`.
//! fn wait_any(handles: &[&Handle], deadline: Option<Instant>, interrupt: Option<&Deferred>)
//!     -> Result<(), Error>;
//! /// With the `tokio` feature: waits for the exit without blocking a thread
//! /// (`unix/tokio.rs`, `windows/exit_event.rs`).
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
//! /// `stat` of each, the owner (of `/proc/PID`) and `cmdline` only of
//! /// those kept and only when asked for; macOS and FreeBSD the command
//! /// line only when asked for; Windows reads all.
//! fn processes(fields: Fields, keep: &mut dyn FnMut(&ProcessInfo) -> bool)
//!     -> Result<Vec<ProcessInfo>, Error>;
//! /// Process `pid` alone (`None`: no such process, or not readable):
//! /// Linux reads its own files; the others take it from their list.
//! fn process(pid: u32, fields: Fields) -> Result<Option<ProcessInfo>, Error>;
//! /// The caller's user, for `ProcessInfo::is_own`.
//! fn current_user() -> Option<UserId>;
//! /// The user `name` (a uid or a SID), for `Selector::user`.
//! fn user_named(name: &str) -> Result<UserId, Error>;
//! /// The real-time signals programs may use; `None`: there are none.
//! fn rt_range() -> Option<(i32, i32)>;
//! fn signal_state(pid: u32) -> Result<SignalState, Error>;
//! /// The sockets of `protocols` whose local port is `port`, with their
//! /// processes, in any order; a process that may not be read is left
//! /// out (`Unsupported` for a record layout sigsend does not know).
//! fn port_holders(port: u16, protocols: &[Protocol]) -> Result<Vec<PortHolder>, Error>;
//! ```
//!
//! For a tree walk whose reads grow with the tree: the kernel's lists of
//! each thread's children (`linux/children.rs`; elsewhere `open` gives
//! `None`, and the walk lists every process with `processes`):
//!
//! ```text
//! pub(crate) struct ChildLists;                   // a buffer for one walk
//! impl ChildLists {
//!     fn open() -> Option<ChildLists>;
//!     /// As `processes(Fields::START_TIME, ..)` gives it; `None`: gone.
//!     fn info(&mut self, pid: u32) -> Result<Option<ProcessInfo>, Error>;
//!     /// Its state, then (once it runs no code, or `always`) every
//!     /// thread's children; `None`: gone.
//!     fn look(&mut self, pid: u32, always: bool) -> Result<Option<Look>, Error>;
//!     /// Every process but those `skip` leaves out.
//!     fn others(&mut self, skip: &dyn Fn(u32) -> bool) -> Result<Vec<ProcessInfo>, Error>;
//! }
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
//! /// Closed descriptors 0-2 opened on /dev/null, SIGPIPE ignored.
//! fn prepare_standard_streams() -> Result<(), Error>;
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
//! And for [`crate::os`], the system calls Python's functions name, each
//! where the OS has it, taking its arguments as the call does:
//!
//! ```text
//! // Unix (`unix.rs`):
//! fn kill(pid: i32, sig: i32) -> Result<(), Error>;
//! fn killpg(pgid: i32, sig: i32) -> Result<(), Error>;
//! fn pthread_kill<T>(thread: &JoinHandle<T>, sig: i32) -> Result<(), Error>;
//! unsafe fn pthread_kill_raw(thread: libc::pthread_t, sig: i32) -> Result<(), Error>;
//! fn sigqueue(pid: i32, sig: i32, value: i32) -> Result<(), Error>;
//! fn decode_wait_status(status: i32) -> WaitStatus;
//! // Linux (`linux.rs`):
//! fn tgkill(tgid: i32, tid: i32, sig: i32) -> Result<(), Error>;
//! fn gettid() -> i32;
//! fn pidfd_open(pid: i32) -> Result<OwnedFd, Error>;
//! fn pidfd_open_with_flags(pid: i32, flags: u32) -> Result<OwnedFd, Error>;
//! fn pidfd_send_signal(fd: RawFd, sig: i32) -> Result<(), Error>;
//! fn pidfd_send_signal_with_flags(fd: RawFd, sig: i32, flags: u32) -> Result<(), Error>;
//! // Windows (`windows.rs`):
//! fn kill(pid: u32, sig: u32) -> Result<(), Error>;
//! fn kill_handle(handle: BorrowedHandle<'_>, sig: u32) -> Result<(), Error>;
//! fn kill_raw_handle(handle: RawHandle, sig: u32) -> Result<(), Error>;
//! ```
//!
//! These are all `sys` exports; the rest of each OS family stays in `sys`
//! (what the Unix families share, such as `cvt` and `pid_t`, is visible
//! to `sys` alone).
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

/// One process as [`ChildLists::look`] saw it.
#[derive(Debug)]
pub(crate) struct Look {
    /// What its `stat` says (as `processes(Fields::START_TIME, ..)`
    /// gives it).
    pub(crate) info: crate::ProcessInfo,
    /// Its run state, every thread's.
    pub(crate) state: RunState,
    /// Every thread's children, read after the state; `None`: not read
    /// (it was running).
    pub(crate) children: Option<Vec<u32>>,
}

use crate::Signal;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
use crate::{Error, Fields, ProcessInfo};

/// Process `pid` alone, where the OS has no cheaper source than its list.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(crate) fn process(pid: u32, fields: Fields) -> Result<Option<ProcessInfo>, Error> {
    Ok(processes(fields, &mut |info| info.pid == pid)?.pop())
}

#[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
mod bsd;
#[cfg(any(target_os = "linux", target_os = "android"))]
mod linux;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
mod no_children;
#[cfg(unix)]
mod unix;
#[cfg(windows)]
mod windows;

// The contract above, each item from the OS family that implements it.
#[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
pub(crate) use bsd::{port_holders, processes, signal_state, wait_any, Handle};
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) use linux::{
    port_holders, process, processes, rt_range, signal_state, wait_any, ChildLists, Handle,
};
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(crate) use no_children::ChildLists;
#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
pub(crate) use unix::rt_range;
#[cfg(all(unix, feature = "tokio"))]
pub(crate) use unix::wait_async;
#[cfg(unix)]
pub(crate) use unix::{
    current_user, error_kind, exhausted, prepare_standard_streams, raise_fd_limit, send,
    send_with_value, user_named, Call, Deferred, GroupHandle, Window, FREEZE_SIGNALS,
};
#[cfg(all(windows, feature = "tokio"))]
pub(crate) use windows::wait_async;
#[cfg(windows)]
pub(crate) use windows::{
    current_user, error_kind, exhausted, port_holders, prepare_standard_streams, processes,
    raise_fd_limit, rt_range, send, send_with_value, signal_state, user_named, wait_any, Call,
    Deferred, GroupHandle, Handle, Window, FREEZE_SIGNALS,
};

// The raw calls behind `crate::os`.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) use linux::{
    gettid, pidfd_open, pidfd_open_with_flags, pidfd_send_signal, pidfd_send_signal_with_flags,
    tgkill,
};
#[cfg(unix)]
pub(crate) use unix::{
    decode_wait_status, kill, killpg, pthread_kill, pthread_kill_raw, sigqueue, WaitStatus,
};
#[cfg(windows)]
pub(crate) use windows::{kill, kill_handle, kill_raw_handle};

// What the Unix families share among themselves, for `sys` alone: the
// helpers of `unix.rs` that Linux's and the BSDs' files call, and the parts
// of Linux's and the BSDs' families that `unix/` builds on (the signalfd
// of `Deferred`, the guardian of `Window`, the cgroup of a `GroupHandle`).
#[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
use bsd::Guardian;
#[cfg(all(test, any(target_os = "linux", target_os = "android")))]
use linux::refuse_pidfd_open_in_this_thread;
#[cfg(any(target_os = "linux", target_os = "android"))]
use linux::{join_cgroup, signalfd, Cgroup, Guardian};
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
use unix::errno;
#[cfg(unix)]
use unix::{child_state, cvt, gone, pid_t, send_pid, split_args, ChildState};
#[cfg(any(target_os = "linux", target_os = "android"))]
use unix::{fd_limit, getuid, sigval_int, Blocked};

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
