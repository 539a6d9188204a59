//! macOS and FreeBSD: a process handle made of a kqueue that reports the
//! process's exit (`EVFILT_PROC`, `NOTE_EXIT`) and the process's identity,
//! checked before every signal: its unique id on macOS
//! (`PROC_PIDUNIQIDENTIFIERINFO`, which the kernel gives about any
//! process), its start since boot on FreeBSD (which no clock step moves).
//!
//! Once the kqueue has reported the exit, the pid is never signalled
//! again. The report is one-shot, so the handle keeps it
//! (`exit_latch.rs`) and raises an `EVFILT_USER` event on the kqueue that
//! stays raised: the kqueue stays readable for every waiter, whoever read
//! the report. Before that, a signal goes by pid after the identity check: the
//! process would have to exit, be reaped and have its pid reused in the
//! instant between the two for a stranger to be hit (for our own child that
//! cannot happen unless another thread reaps it).
//!
//! Waiting for many: one kqueue that watches the handles' kqueues
//! (`EVFILT_READ` on each), one deadline.
//!
//! The list of processes, the start time, the signal state and the
//! holders of a port are each OS's own: `apple.rs` and `freebsd.rs`, with
//! `sysctl.rs` for both and `inet.rs` for what both kernels say of an
//! internet socket.

use std::mem::{self, MaybeUninit};
#[cfg(feature = "tokio")]
use std::os::fd::{AsFd, BorrowedFd};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::process::Child;
use std::ptr;
use std::thread;
use std::time::{Duration, Instant};

use super::{child_state, cvt, gone, pid_t, send_pid, ChildState, Deferred, RunState};
use crate::error::{Error, ErrorKind};
use crate::sys::Call;
use crate::{Exit, Signal, SignalState};

#[cfg(target_vendor = "apple")]
mod apple;
mod exit_latch;
#[cfg(target_os = "freebsd")]
mod freebsd;
mod inet;
mod sizes;
mod sysctl;

use exit_latch::ExitLatch;

// Each OS's own half, named for its OS (`crate::os` is the public module
// of Python's functions, so no alias `os` here).
#[cfg(target_vendor = "apple")]
use apple::{identity, run_state, signals_and_identity};
#[cfg(target_vendor = "apple")]
pub(crate) use apple::{port_holders, processes, signal_state};
#[cfg(target_os = "freebsd")]
use freebsd::{identity, run_state, signals_and_identity};
#[cfg(target_os = "freebsd")]
pub(crate) use freebsd::{port_holders, processes, signal_state};

/// A handle on one process that never reaches another process that took
/// its pid.
#[derive(Debug)]
pub(crate) struct Handle {
    pid: i32,
    /// Our child when opened: `waitid` can tell its exit status.
    child: bool,
    /// The identity read when the handle was opened.
    start: Option<u64>,
    /// Holds the `NOTE_EXIT` registration for the process, and the
    /// `EVFILT_USER` event raised for good once the exit is seen.
    kq: OwnedFd,
    /// The kqueue reported the exit (the report is consumed when read).
    exited: ExitLatch,
}

impl Handle {
    pub(crate) fn open(pid: u32) -> Result<Handle, Error> {
        Handle::new(pid_t(pid)?, false)
    }

    pub(crate) fn from_child(child: &Child) -> Result<Handle, Error> {
        Handle::new(pid_t(child.id())?, true)
    }

    fn new(pid: i32, must_be_child: bool) -> Result<Handle, Error> {
        let kq = kqueue()?;
        let before = identity(pid)?;
        let registered = register_exit(&kq, pid);
        let state = child_state(libc::P_PID, pid as libc::id_t, pid)?;
        if must_be_child && state == ChildState::NotChild {
            // A `Child` that was already waited for: its pid may be a
            // stranger's now.
            return Err(gone(pid));
        }
        let child = state != ChildState::NotChild;
        let exited = match registered {
            Ok(()) => {
                // The same process before and after the registration: the
                // kqueue watches the one whose identity we keep.
                if identity(pid)? != before || before.is_none() {
                    return Err(gone(pid));
                }
                false
            }
            // macOS refuses to watch a zombie: our exited child is one.
            Err(err)
                if err.kind() == ErrorKind::NoSuchProcess
                    && matches!(state, ChildState::Exited(_)) =>
            {
                true
            }
            Err(err) if err.kind() == ErrorKind::NoSuchProcess => return Err(gone(pid)),
            Err(err) => return Err(err),
        };
        if exited {
            raise_exit(&kq, pid)?;
        }
        Ok(Handle {
            pid,
            child,
            start: before,
            kq,
            exited: ExitLatch::new(exited),
        })
    }

    pub(crate) fn pid(&self) -> u32 {
        self.pid as u32
    }

    pub(crate) fn send(&self, sig: Signal, value: Option<i32>) -> Result<(), Error> {
        if self.try_exit()?.is_some() {
            // Never signal the pid of a process known to have exited. A
            // zombie child of ours still exists (kill(2) would accept and
            // drop the signal); anything else is gone.
            let state = child_state(libc::P_PID, self.pid as libc::id_t, self.pid)?;
            return match state {
                ChildState::Exited(_) if self.child => Ok(()),
                _ => Err(gone(self.pid)),
            };
        }
        if identity(self.pid)? != self.start {
            return Err(gone(self.pid));
        }
        send_pid(self.pid, sig.as_raw(), value)
    }

    /// The identity kept (see the module docs; nothing here needs a
    /// start time of it).
    pub(crate) fn start_time(&self) -> Option<u64> {
        self.start
    }

    /// Whether the process runs code of its own now: its `pbsi_status`
    /// (macOS) or `ki_stat` (FreeBSD), the state of the whole process;
    /// `None` if that cannot be read. A reused pid may answer for a
    /// process that is gone: either answer is then true of the handle's
    /// process, or only costs a tree walk another pass.
    pub(crate) fn run_state(&self) -> Option<RunState> {
        run_state(self.pid).ok()
    }

    pub(crate) fn try_exit(&self) -> Result<Option<Exit>, Error> {
        if !self.exited.is_set() && exit_reported(&self.kq)? && self.exited.set() {
            // The report is read: the kqueue stays readable for others.
            raise_exit(&self.kq, self.pid)?;
        }
        if !self.exited.is_set() {
            return Ok(None);
        }
        if !self.child {
            return Ok(Some(Exit::Unknown));
        }
        // macOS and FreeBSD report the exit before the child is a zombie
        // that waitid returns: a moment more, and its status is there. It
        // is waited for here, briefly: the kqueue has nothing more to say.
        for pause in ZOMBIE_PAUSES {
            match child_state(libc::P_PID, self.pid as libc::id_t, self.pid)? {
                ChildState::Exited(exit) => return Ok(Some(exit)),
                ChildState::Running => thread::sleep(Duration::from_micros(pause)),
                // Reaped by its owner: how it ended is lost.
                ChildState::NotChild => return Ok(Some(Exit::Unknown)),
            }
        }
        Ok(None)
    }

    /// The signal state, read with the identity in one record and
    /// refused unless that is the handle's: a reused pid is never read.
    pub(crate) fn signal_state(&self) -> Result<SignalState, Error> {
        let (state, start) = signals_and_identity(self.pid)?;
        if start != self.start {
            return Err(gone(self.pid));
        }
        Ok(state)
    }

    /// Unsupported: pidfs inodes are Linux's.
    pub(crate) fn inode(&self) -> Result<u64, Error> {
        Err(Error::new(
            ErrorKind::Unsupported,
            "a pidfs inode (PID:INODE) exists only on Linux 6.9 and later",
        ))
    }

    fn has_exited(&self) -> bool {
        self.exited.is_set()
    }

    /// The kqueue, readable once the exit is reported (for an async
    /// runtime).
    #[cfg(feature = "tokio")]
    pub(super) fn event_fd(&self) -> Option<BorrowedFd<'_>> {
        Some(self.kq.as_fd())
    }
}

/// Returns when one of `handles` may have exited, when one of the signals
/// `interrupt` defers arrives (`EVFILT_SIGNAL`, which sees a signal even
/// while it is blocked; one that came before the kqueue watched is seen
/// pending), or at `deadline` (`None`: no limit); it may return early, so
/// the caller looks with [`Handle::try_exit`] and calls again.
pub(crate) fn wait_any(
    handles: &[&Handle],
    deadline: Option<Instant>,
    interrupt: Option<&Deferred>,
) -> Result<(), Error> {
    if handles.iter().any(|handle| handle.has_exited()) {
        return Ok(());
    }
    let waiter = kqueue()?;
    let mut changes: Vec<libc::kevent> = handles
        .iter()
        .map(|handle| event(handle.kq.as_raw_fd() as usize, libc::EVFILT_READ, 0))
        .collect();
    if let Some(deferred) = interrupt {
        let signals = deferred.signals().iter();
        changes.extend(signals.map(|&sig| event(sig as usize, libc::EVFILT_SIGNAL, 0)));
    }
    let count = libc::c_int::try_from(changes.len()).unwrap_or(libc::c_int::MAX);
    // SAFETY: `changes` holds `count` initialised events that kevent reads;
    // no event list, so it returns at once.
    let ret = unsafe {
        libc::kevent(
            waiter.as_raw_fd(),
            changes.as_ptr(),
            count,
            ptr::null_mut(),
            0,
            ptr::null(),
        )
    };
    cvt(ret, Call::Kevent { pid: 0 })?;
    // Watched from here on: one that came before is pending.
    if interrupt.is_some_and(|deferred| deferred.pending().is_some()) {
        return Ok(());
    }
    let timeout = deadline.map(|deadline| {
        let left = deadline.saturating_duration_since(Instant::now());
        libc::timespec {
            tv_sec: libc::time_t::try_from(left.as_secs()).unwrap_or(libc::time_t::MAX),
            tv_nsec: left.subsec_nanos() as libc::c_long,
        }
    });
    let mut out = MaybeUninit::<libc::kevent>::uninit();
    // SAFETY: no changes; `out` has room for the one event kevent may
    // write; the timeout, if any, lives across the call.
    let ret = unsafe {
        libc::kevent(
            waiter.as_raw_fd(),
            ptr::null(),
            0,
            out.as_mut_ptr(),
            1,
            timeout
                .as_ref()
                .map_or(ptr::null(), |t| t as *const libc::timespec),
        )
    };
    match cvt(ret, Call::Kevent { pid: 0 }) {
        Err(err) if err.raw_os_error() != Some(libc::EINTR) => Err(err),
        _ => Ok(()),
    }
}

/// A kevent for `ident` with EV_ADD.
fn event(ident: usize, filter: i16, fflags: u32) -> libc::kevent {
    // SAFETY: kevent is a plain C struct of integers and a pointer, for
    // which all zeroes (a null udata) is a valid value.
    let mut ev: libc::kevent = unsafe { mem::zeroed() };
    ev.ident = ident as _;
    ev.filter = filter;
    ev.flags = libc::EV_ADD;
    ev.fflags = fflags;
    ev
}

fn kqueue() -> Result<OwnedFd, Error> {
    // SAFETY: kqueue(2) takes nothing; on success it returns a new
    // descriptor nothing else owns.
    let fd = cvt(unsafe { libc::kqueue() }, Call::Kqueue)?;
    // SAFETY: `fd` is that new descriptor. (kqueue descriptors are not
    // inherited by child processes.)
    Ok(unsafe { OwnedFd::from_raw_fd(fd as RawFd) })
}

/// Registers `NOTE_EXIT` for `pid` on `kq`.
fn register_exit(kq: &OwnedFd, pid: i32) -> Result<(), Error> {
    let change = event(pid as usize, libc::EVFILT_PROC, libc::NOTE_EXIT);
    // SAFETY: one initialised change, no event list, no timeout.
    let ret = unsafe { libc::kevent(kq.as_raw_fd(), &change, 1, ptr::null_mut(), 0, ptr::null()) };
    cvt(ret, Call::Kevent { pid }).map(drop)
}

/// The pauses, in microseconds, between the looks for a child's zombie
/// after its exit was reported (about 0.1 s in all).
const ZOMBIE_PAUSES: [u64; 8] = [0, 50, 200, 800, 3_000, 10_000, 30_000, 60_000];

/// The `ident` of the `EVFILT_USER` event that tells the exit.
const EXIT_SEEN: usize = 1;

/// Raises, for good, the `EVFILT_USER` event that says the exit was seen:
/// added triggered (`NOTE_TRIGGER`) and without `EV_CLEAR`, it stays
/// active, so `kq` stays readable (FreeBSD's and XNU's `filt_userattach`
/// and `filt_usertouch`).
fn raise_exit(kq: &OwnedFd, pid: i32) -> Result<(), Error> {
    let change = event(EXIT_SEEN, libc::EVFILT_USER, libc::NOTE_TRIGGER);
    // SAFETY: one initialised change, no event list, no timeout.
    let ret = unsafe { libc::kevent(kq.as_raw_fd(), &change, 1, ptr::null_mut(), 0, ptr::null()) };
    cvt(ret, Call::Kevent { pid }).map(drop)
}

/// Whether `kq` holds the exit event (the report, or the raised event),
/// without blocking.
fn exit_reported(kq: &OwnedFd) -> Result<bool, Error> {
    let zero = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    let mut out = MaybeUninit::<libc::kevent>::uninit();
    // SAFETY: no changes; room for one event; a zero timeout that lives
    // across the call.
    let ret = unsafe { libc::kevent(kq.as_raw_fd(), ptr::null(), 0, out.as_mut_ptr(), 1, &zero) };
    match cvt(ret, Call::Kevent { pid: 0 }) {
        Ok(0) => Ok(false),
        // NOTE_EXIT and the event raised after it: either is the exit.
        Ok(_) => Ok(true),
        Err(err) if err.raw_os_error() == Some(libc::EINTR) => Ok(false),
        Err(err) => Err(err),
    }
}

/// The guardian of a tree walk: on Linux a process that resumes (SIGCONT)
/// what the walk stopped should the walking process die first
/// (`linux/guardian.rs`). Here there is none (its pid is 0) and it does
/// nothing: a caller killed (SIGKILL, a crash) while its walk holds a tree
/// stopped leaves that tree stopped, until someone sends it SIGCONT.
#[derive(Debug)]
pub(super) struct Guardian;

impl Guardian {
    /// A guardian that does nothing.
    pub(crate) fn start() -> Result<Guardian, Error> {
        Ok(Guardian)
    }

    /// 0: there is no process to leave out of a walk.
    pub(crate) fn pid(&self) -> u32 {
        0
    }

    /// Nothing to tell.
    pub(crate) fn watch(&mut self, members: &[(u32, u64)]) -> Result<(), Error> {
        let _ = members;
        Ok(())
    }
}

impl Handle {
    /// The kqueue that holds the `NOTE_EXIT` registration: readable once
    /// the process has exited (until the handle reads the event).
    pub(crate) fn exit_fd(&self) -> Option<BorrowedFd<'_>> {
        Some(self.kq.as_fd())
    }
}
