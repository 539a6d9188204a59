//! The Linux process handle: a pidfd, or where the kernel has none (before
//! 5.3, or a seccomp filter that answers `ENOSYS` or `EPERM`) the pid and
//! its start time, checked before every signal. That start time, and
//! "gone", come from `/proc`, so this namespace's `/proc` must be mounted:
//! else opening a handle says so (`procfs::check_own`).
//!
//! Waiting: one `poll(2)` over the pidfds, which become readable when their
//! process exits. `waitid` is only ever called with `WNOHANG` (and
//! `WNOWAIT`, so the `Child` owner still reaps), after `poll` said the
//! process exited, so the pidfds need no `PIDFD_NONBLOCK` (Linux 5.10+).
//!
//! Without pidfds there is no kernel event for the exit of a process that
//! is not our child, so the fallback polls with a bounded backoff (1 ms
//! doubling to 50 ms): the only sleep loop in sigsend, and only on kernels
//! without pidfds.

#[cfg(feature = "tokio")]
use std::os::fd::BorrowedFd;
use std::os::fd::{AsFd, AsRawFd, OwnedFd, RawFd};
use std::process::Child;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::{pidfs_inode, poll_readable, procfs, stat, status};
use crate::error::{Error, ErrorKind};
use crate::sys::{child_state, gone, pid_t, send_pid, ChildState, Deferred, RunState};
use crate::{Exit, Signal, SignalState};

/// A handle on one process that never reaches another process that took
/// its pid.
#[derive(Debug)]
pub(crate) struct Handle {
    pid: i32,
    /// Our child when opened: `waitid` can tell its exit status.
    child: bool,
    kind: Kind,
    /// A `poll` of [`wait_any`] found the pidfd readable: the process has
    /// exited, for good, and [`Handle::try_exit`] need not ask again.
    exited: AtomicBool,
}

#[derive(Debug)]
enum Kind {
    Pidfd(OwnedFd),
    /// No pidfd: the start time read when the handle was opened.
    Checked {
        start: u64,
    },
}

/// The longest pause of the fallback's backoff.
const MAX_PAUSE: Duration = Duration::from_millis(50);

impl Handle {
    pub(crate) fn open(pid: u32) -> Result<Handle, Error> {
        let pid = pid_t(pid)?;
        let mut handle = Handle::new(pid)?;
        handle.child = handle.child_state()? != ChildState::NotChild;
        Ok(handle)
    }

    pub(crate) fn from_child(child: &Child) -> Result<Handle, Error> {
        let pid = pid_t(child.id())?;
        let mut handle = Handle::new(pid)?;
        // A `Child` that was already waited for keeps its pid, which may
        // name a stranger now: that one is not our child.
        if handle.child_state()? == ChildState::NotChild {
            return Err(gone(pid));
        }
        handle.child = true;
        Ok(handle)
    }

    fn new(pid: i32) -> Result<Handle, Error> {
        let checked = || {
            // The start time kept must be this namespace's process's: a
            // foreign `/proc` shows a stranger under the same number.
            procfs::check_own()?;
            let stat = stat::read(pid)?.ok_or_else(|| gone(pid))?;
            Ok::<_, Error>(Kind::Checked { start: stat.start })
        };
        let kind = match super::pidfd_open(pid) {
            Ok(fd) if !near_fd_limit(fd.as_raw_fd()) => Kind::Pidfd(fd),
            // The descriptor is closed again: the files still to be read
            // (of this and of other processes) need some.
            Ok(_) => checked()?,
            Err(err) if err.kind() == ErrorKind::Unsupported => checked()?,
            // The kernel never refuses pidfd_open for permission (any
            // process may open any pid): EPERM is a seccomp filter's or a
            // security module's answer, as older container and systemd
            // filters give for a call they do not know. No pidfds, then.
            Err(err) if err.raw_os_error() == Some(libc::EPERM) => checked()?,
            Err(err) if matches!(err.raw_os_error(), Some(libc::EMFILE | libc::ENFILE)) => {
                checked()?
            }
            Err(err) => return Err(thread_of_another(pid).unwrap_or(err)),
        };
        Ok(Handle {
            pid,
            child: false,
            kind,
            exited: AtomicBool::new(false),
        })
    }

    pub(crate) fn pid(&self) -> u32 {
        self.pid as u32
    }

    /// The start time (`/proc/PID/stat` field 22), `None` if it cannot be
    /// read.
    pub(crate) fn start_time(&self) -> Option<u64> {
        match self.kind {
            Kind::Checked { start } => Some(start),
            Kind::Pidfd(_) => stat::read(self.pid).ok().flatten().map(|stat| stat.start),
        }
    }

    pub(crate) fn send(&self, sig: Signal, value: Option<i32>) -> Result<(), Error> {
        let sig = sig.as_raw();
        match (&self.kind, value) {
            (Kind::Pidfd(fd), None) => super::pidfd_send_signal(fd.as_raw_fd(), sig),
            (Kind::Pidfd(fd), Some(value)) => super::pidfd_sigqueue(fd.as_raw_fd(), sig, value),
            (Kind::Checked { start }, value) => {
                // Between this check and the signal the process would have
                // to exit, be reaped and its pid be reused: for our own
                // child that cannot happen unless another thread reaps it.
                self.check(*start)?;
                send_pid(self.pid, sig, value)
            }
        }
    }

    /// Fails with `NoSuchProcess` unless the pid still names the process
    /// with the start time `start` (a zombie included).
    fn check(&self, start: u64) -> Result<stat::Stat, Error> {
        match stat::read(self.pid)? {
            Some(stat) if stat.start == start => Ok(stat),
            _ => Err(gone(self.pid)),
        }
    }

    /// The signal state from `/proc/PID/status`, checked afterwards to be
    /// the handle's process: the pidfd's process has not been reaped (a
    /// null signal through it succeeds, or is refused for permission), or
    /// the start time is the one kept. A process that exists after the
    /// read held the pid during it.
    pub(crate) fn signal_state(&self) -> Result<SignalState, Error> {
        // Not a stranger's status from another namespace's `/proc`.
        procfs::check_own()?;
        let status = status::read(self.pid)?.ok_or_else(|| gone(self.pid))?;
        match &self.kind {
            Kind::Pidfd(_) => match self.send(Signal::NULL, None) {
                Err(err) if err.kind() != ErrorKind::PermissionDenied => return Err(err),
                _ => {}
            },
            Kind::Checked { start } => {
                self.check(*start)?;
            }
        }
        Ok(status.signals)
    }

    /// The pidfs inode of the pidfd.
    pub(crate) fn inode(&self) -> Result<u64, Error> {
        match &self.kind {
            Kind::Pidfd(fd) => pidfs_inode(fd.as_fd()),
            Kind::Checked { .. } => Err(Error::new(
                ErrorKind::Unsupported,
                "a process's pidfs inode (PID:INODE) needs pidfds on pidfs (Linux 6.9 or later); \
                 this system refuses pidfd_open",
            )),
        }
    }

    /// `waitid(WNOWAIT)` by pidfd (Linux 5.4+), else by pid.
    fn child_state(&self) -> Result<ChildState, Error> {
        if let Kind::Pidfd(fd) = &self.kind {
            let by_fd = child_state(libc::P_PIDFD, fd.as_raw_fd() as libc::id_t, self.pid);
            match by_fd {
                // Linux 5.3 has pidfds but not P_PIDFD.
                Err(err) if err.raw_os_error() == Some(libc::EINVAL) => {}
                state => return state,
            }
        }
        child_state(libc::P_PID, self.pid as libc::id_t, self.pid)
    }

    /// Whether the process runs any code of its own now, from
    /// `/proc/PID/stat`, and where it has more than one thread from every
    /// `task/TID/stat` (a process counts as stopped only when every
    /// thread is: one still inside `fork` finishes it first, and its main
    /// thread may have exited while others run); `None` if that cannot be
    /// read. A reused pid may answer for a process that is gone: either
    /// answer is then true of the handle's process, or only costs a tree
    /// walk another pass.
    pub(crate) fn run_state(&self) -> Option<RunState> {
        let stat = match stat::read(self.pid) {
            Ok(Some(stat)) => stat,
            Ok(None) => return Some(RunState::Exited),
            Err(_) => return None,
        };
        if stat.threads > 1 {
            return stat::threads_state_of(self.pid).ok();
        }
        Some(stat.run_state())
    }

    pub(crate) fn try_exit(&self) -> Result<Option<Exit>, Error> {
        if let Kind::Checked { start } = self.kind {
            match stat::read(self.pid)? {
                // Gone, or the pid names another process now.
                None => return Ok(Some(Exit::Unknown)),
                Some(stat) if stat.start != start => return Ok(Some(Exit::Unknown)),
                Some(stat) if !self.child => {
                    return Ok(ended(self.pid, &stat)?.then_some(Exit::Unknown))
                }
                Some(_) => {}
            }
        }
        if self.child {
            match self.child_state()? {
                ChildState::Running => return Ok(None),
                ChildState::Exited(exit) => return Ok(Some(exit)),
                // Its owner reaped it: it has exited, how is lost.
                ChildState::NotChild => return Ok(Some(Exit::Unknown)),
            }
        }
        match &self.kind {
            Kind::Pidfd(_) if self.exited.load(Ordering::Relaxed) => Ok(Some(Exit::Unknown)),
            Kind::Pidfd(fd) => {
                let exited = poll_readable(&[fd.as_raw_fd()], Some(Instant::now()))?;
                Ok(exited[0].then_some(Exit::Unknown))
            }
            Kind::Checked { .. } => Ok(None),
        }
    }

    /// The descriptor that becomes readable when the process exits, if
    /// there is one (for an async runtime).
    #[cfg(feature = "tokio")]
    pub(crate) fn event_fd(&self) -> Option<BorrowedFd<'_>> {
        match &self.kind {
            Kind::Pidfd(fd) => Some(fd.as_fd()),
            Kind::Checked { .. } => None,
        }
    }
}

/// Whether the process `stat` describes has ended: its main thread is a
/// zombie and no other thread of it runs. A main thread that called
/// `pthread_exit` while others run shows `Z` in `stat`, and the process
/// lives on (the kernel keeps the zombie leader until its last thread
/// exits; `num_threads` still counts the others).
fn ended(pid: i32, stat: &stat::Stat) -> Result<bool, Error> {
    if !stat.zombie {
        return Ok(false);
    }
    if stat.threads <= 1 {
        return Ok(true);
    }
    Ok(stat::threads_state_of(pid)? == RunState::Exited)
}

/// The error for a `pid` that is the id of a thread other than its
/// process's first (`pidfd_open` refuses one: `ENOENT` since Linux 6.9,
/// `EINVAL` before, which reads as gone); `None` for anything else.
fn thread_of_another(pid: i32) -> Option<Error> {
    let tgid = status::read(pid).ok()??.tgid?;
    (tgid != pid).then(|| {
        Error::new(
            ErrorKind::InvalidInput,
            format!(
                "{pid} is a thread of process {tgid}, not a process: a process handle \
                 takes the process ID, {tgid}"
            ),
        )
    })
}

/// Whether descriptor `fd` is so close to the soft descriptor limit that
/// a pidfd should not take it: the last quarter of the table (at least 16,
/// at most 256 descriptors) stays free for the caller and for the `/proc`
/// files a walk reads. A handle opened there keeps the pid and its start
/// time instead, as where there are no pidfds: so a tree or a plan of any
/// size works within any limit, at the fallback's price (a check of the
/// start time before each signal, and waits that poll).
fn near_fd_limit(fd: RawFd) -> bool {
    // One getrlimit per handle: a limit below 64 (`ulimit -n 32`) must
    // be seen as well as a large one.
    crate::sys::fd_limit().is_some_and(|limit| {
        let reserve = (limit / 4).clamp(16, 256);
        fd as u64 + reserve >= limit
    })
}

/// Returns when one of `handles` may have exited, when one of the signals
/// `interrupt` defers is pending (its signalfd is polled with the
/// pidfds), or at `deadline` (`None`: no limit); it may return early (a
/// signal interrupted it), so the caller looks with [`Handle::try_exit`]
/// and calls again.
pub(crate) fn wait_any(
    handles: &[&Handle],
    deadline: Option<Instant>,
    interrupt: Option<&Deferred>,
) -> Result<(), Error> {
    let mut fds: Vec<RawFd> = handles
        .iter()
        .filter_map(|handle| match &handle.kind {
            Kind::Pidfd(fd) => Some(fd.as_raw_fd()),
            Kind::Checked { .. } => None,
        })
        .collect();
    let all_pidfds = fds.len() == handles.len();
    fds.extend(interrupt.map(Deferred::fd));
    if all_pidfds {
        let readable = poll_readable(&fds, deadline)?;
        for (handle, _) in handles
            .iter()
            .zip(readable)
            .filter(|(_, readable)| *readable)
        {
            handle.exited.store(true, Ordering::Relaxed);
        }
        return Ok(());
    }
    // The fallback: look, then poll the pidfds (if any) and the signalfd
    // for a pause that doubles up to MAX_PAUSE.
    let mut pause = Duration::from_millis(1);
    loop {
        for handle in handles {
            if handle.try_exit()?.is_some() {
                return Ok(());
            }
        }
        let now = Instant::now();
        if deadline.is_some_and(|deadline| now >= deadline) {
            return Ok(());
        }
        let until = match deadline {
            Some(deadline) => deadline.min(now + pause),
            None => now + pause,
        };
        if poll_readable(&fds, Some(until))?.contains(&true) {
            return Ok(());
        }
        pause = (pause * 2).min(MAX_PAUSE);
    }
}

impl Handle {
    /// The pidfd, readable once the process has exited; `None` for a
    /// handle without one (the start-time fallback).
    pub(crate) fn exit_fd(&self) -> Option<std::os::fd::BorrowedFd<'_>> {
        match &self.kind {
            Kind::Pidfd(fd) => Some(fd.as_fd()),
            Kind::Checked { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::process::Command;

    use super::*;

    /// A child killed and reaped however the test ends.
    struct Reaped(std::process::Child);

    impl Drop for Reaped {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    #[test]
    fn a_seccomp_filter_refusing_pidfd_open_means_no_pidfds() {
        let child = Reaped(
            Command::new("sleep")
                .arg("30")
                .spawn()
                .expect("spawn sleep"),
        );
        let pid = child.0.id();
        for errno in [libc::ENOSYS, libc::EPERM] {
            let handle = std::thread::spawn(move || {
                crate::sys::refuse_pidfd_open_in_this_thread(errno);
                Handle::open(pid)
            })
            .join()
            .expect("the filtered thread")
            .unwrap_or_else(|err| panic!("pidfd_open failing with {errno}: {err}"));
            assert!(matches!(handle.kind, Kind::Checked { .. }), "{handle:?}");
            assert!(handle.child, "our child");
            assert_eq!(handle.try_exit().expect("try_exit"), None);
            handle.send(Signal::NULL, None).expect("probe");
        }
    }
}
