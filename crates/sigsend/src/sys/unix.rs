//! POSIX: kill, killpg, pthread_kill, sigqueue, wait statuses, and the
//! parts of a process handle every POSIX system shares: pid checks,
//! `waitid(WNOWAIT)` on a child, and `poll(2)`.

use std::mem::MaybeUninit;
#[cfg(feature = "tokio")]
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd};
use std::os::unix::thread::JoinHandleExt;
use std::thread::JoinHandle;

use super::FreezeSignals;
use crate::error::{Error, ErrorKind};
use crate::{Exit, Signal, Target, UserId};

mod call;
mod group;
mod hold;
#[cfg(feature = "tokio")]
mod tokio;

#[cfg(feature = "tokio")]
pub(crate) use self::tokio::wait_async;
pub(crate) use call::Call;
pub(crate) use group::GroupHandle;
pub(crate) use hold::Window;

/// Turns a C return value of -1 into the [`Error`] for `errno`; anything
/// else is success.
#[inline]
pub(super) fn cvt<T: PartialEq + From<i8>>(ret: T, call: Call) -> Result<T, Error> {
    if ret == T::from(-1) {
        Err(Error::from_os(errno(), call))
    } else {
        Ok(ret)
    }
}

/// The `errno` of the system call that just failed.
pub(super) fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// The kind an `errno` value always has; `None` for `EINVAL`, whose
/// meaning depends on the call.
pub(crate) fn error_kind(code: i32) -> Option<ErrorKind> {
    Some(match code {
        libc::ESRCH => ErrorKind::NoSuchProcess,
        libc::EPERM | libc::EACCES => ErrorKind::PermissionDenied,
        libc::EINVAL => return None,
        libc::ENOSYS | libc::EOPNOTSUPP => ErrorKind::Unsupported,
        _ => ErrorKind::Other,
    })
}

/// What to do when `code` says a resource of the caller ran out; `None`
/// for any other error.
pub(crate) fn exhausted(code: i32) -> Option<&'static str> {
    match code {
        libc::EMFILE => Some(
            "this process has as many descriptors open as its limit allows: raise the \
             limit (ulimit -n) or handle fewer processes at once",
        ),
        libc::ENFILE => Some(
            "the system's table of open files is full: close files, or raise \
             fs.file-max",
        ),
        _ => None,
    }
}

/// The signals that hold a process still and let it go again, for a tree
/// walk that must not see the tree grow: a stopped process cannot fork.
pub(crate) const FREEZE_SIGNALS: Option<FreezeSignals> = Some(FreezeSignals {
    stop: Signal::STOP,
    resume: Signal::CONT,
    cancelled: [Signal::TSTP, Signal::TTIN, Signal::TTOU],
});

/// The signals by which a user or a system asks a command to end (SIGHUP,
/// SIGINT, SIGQUIT, SIGTERM): held back while a tree walk holds processes
/// stopped ([`Window`]) and while an [`Interrupts`](crate::Interrupts)
/// guard lives ([`Deferred`]).
const TERMINATION: [libc::c_int; 4] = [libc::SIGHUP, libc::SIGINT, libc::SIGQUIT, libc::SIGTERM];

/// The [`TERMINATION`] signals this process does not ignore, blocked in
/// the calling thread until dropped (see [`Blocked`]), with what a wait
/// needs to wake when one of them arrives: on Linux a signalfd, which is
/// readable while one is pending; on macOS and FreeBSD the signals, which
/// the wait's kqueue watches (`EVFILT_SIGNAL`). An ignored signal is left
/// alone: blocked, it would be kept pending (Linux) and wake the wait, for
/// nothing.
#[derive(Debug)]
pub(crate) struct Deferred {
    signals: Vec<libc::c_int>,
    /// Closed before the mask is restored (fields drop in order).
    #[cfg(any(target_os = "linux", target_os = "android"))]
    fd: std::os::fd::OwnedFd,
    _blocked: Blocked,
}

impl Deferred {
    /// Blocks the termination signals that are not ignored.
    pub(crate) fn open() -> Result<Deferred, Error> {
        let signals: Vec<libc::c_int> = TERMINATION
            .into_iter()
            .filter(|&sig| !ignored(sig))
            .collect();
        #[cfg(any(target_os = "linux", target_os = "android"))]
        let fd = super::signalfd(&signals)?;
        Ok(Deferred {
            _blocked: Blocked::only(&signals),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            fd,
            signals,
        })
    }

    /// The first of the deferred signals that is pending (for this thread
    /// or for the process), if one is.
    pub(crate) fn pending(&self) -> Option<Signal> {
        let mut set = MaybeUninit::<libc::sigset_t>::uninit();
        // SAFETY: sigpending fills in the set we own; it cannot fail for a
        // valid pointer.
        if unsafe { libc::sigpending(set.as_mut_ptr()) } != 0 {
            return None;
        }
        // SAFETY: filled in above.
        let set = unsafe { set.assume_init() };
        self.signals
            .iter()
            // SAFETY: sigismember reads the initialised set.
            .find(|&&sig| unsafe { libc::sigismember(&set, sig) } == 1)
            .and_then(|&sig| Signal::from_raw(sig).ok())
    }

    /// The signalfd of the deferred signals, readable while one is
    /// pending.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub(super) fn fd(&self) -> std::os::fd::RawFd {
        use std::os::fd::AsRawFd;
        self.fd.as_raw_fd()
    }

    /// The deferred signals.
    #[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
    pub(super) fn signals(&self) -> &[libc::c_int] {
        &self.signals
    }
}

/// Whether this process ignores `sig` (`SIG_IGN`, as `nohup` leaves
/// SIGHUP, and a shell leaves SIGINT and SIGQUIT to a background job).
fn ignored(sig: libc::c_int) -> bool {
    let mut old = MaybeUninit::<libc::sigaction>::zeroed();
    // SAFETY: with a null new action, sigaction only writes the current
    // one into the zeroed buffer we own.
    let ret = unsafe { libc::sigaction(sig, std::ptr::null(), old.as_mut_ptr()) };
    // SAFETY: zeroed, and filled in on success.
    ret == 0 && unsafe { old.assume_init() }.sa_sigaction == libc::SIG_IGN
}

/// Signals blocked in the calling thread until dropped, when its mask is
/// as it was before (and whatever came meanwhile is delivered).
#[derive(Debug)]
pub(super) struct Blocked {
    old: libc::sigset_t,
}

impl Blocked {
    /// Blocks `signals`.
    pub(super) fn only(signals: &[libc::c_int]) -> Blocked {
        let mut set = MaybeUninit::<libc::sigset_t>::uninit();
        // SAFETY: sigemptyset initialises the set we own, and sigaddset
        // adds to it (it refuses only an invalid number, leaving the set
        // as it was).
        unsafe {
            libc::sigemptyset(set.as_mut_ptr());
            for &sig in signals {
                libc::sigaddset(set.as_mut_ptr(), sig);
            }
        }
        // SAFETY: initialised above.
        Blocked::set(unsafe { set.assume_init() })
    }

    /// Blocks every signal that can be blocked (for the Linux guardian's
    /// fork).
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub(super) fn all() -> Blocked {
        let mut set = MaybeUninit::<libc::sigset_t>::uninit();
        // SAFETY: sigfillset initialises the set we own.
        unsafe { libc::sigfillset(set.as_mut_ptr()) };
        // SAFETY: initialised above.
        Blocked::set(unsafe { set.assume_init() })
    }

    fn set(set: libc::sigset_t) -> Blocked {
        let mut old = MaybeUninit::<libc::sigset_t>::uninit();
        // SAFETY: pthread_sigmask reads `set` and writes the previous mask
        // into `old`; it fails only for an invalid `how`, and SIG_BLOCK is
        // valid.
        unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &set, old.as_mut_ptr()) };
        // SAFETY: pthread_sigmask filled it in.
        let old = unsafe { old.assume_init() };
        Blocked { old }
    }
}

impl Drop for Blocked {
    fn drop(&mut self) {
        // SAFETY: restores the mask pthread_sigmask saved; no memory but
        // `self` is read.
        unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, &self.old, std::ptr::null_mut()) };
    }
}

/// The descriptor limit (`RLIMIT_NOFILE`), soft and hard.
fn fd_limits() -> Result<libc::rlimit, Error> {
    let mut limit = MaybeUninit::<libc::rlimit>::uninit();
    // SAFETY: getrlimit writes one rlimit into the buffer, which is ours.
    let ret = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, limit.as_mut_ptr()) };
    cvt(ret, Call::FdLimit)?;
    // SAFETY: getrlimit succeeded and filled it in.
    Ok(unsafe { limit.assume_init() })
}

/// The soft descriptor limit (`u64::MAX`: none); `None` if it cannot be
/// read. (Linux's handles keep to it.)
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(super) fn fd_limit() -> Option<u64> {
    fd_limits().ok().map(|limit| rlim(limit.rlim_cur))
}

/// A limit as a `u64` (`rlim_t` is signed on FreeBSD, where
/// `RLIM_INFINITY` is its largest value).
#[allow(clippy::unnecessary_cast)]
fn rlim(value: libc::rlim_t) -> u64 {
    value as u64
}

/// Raises the soft descriptor limit to the hard one (as Go's runtime does
/// at start), on macOS to at most `OPEN_MAX` (10240), which `setrlimit`
/// refuses to exceed; the soft limit now.
pub(crate) fn raise_fd_limit() -> Result<Option<u64>, Error> {
    let mut limit = fd_limits()?;
    let want = limit.rlim_max;
    #[cfg(target_vendor = "apple")]
    let want = want.min(10240);
    if limit.rlim_cur < want {
        limit.rlim_cur = want;
        // SAFETY: setrlimit reads the rlimit we own.
        let ret = unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) };
        cvt(ret, Call::FdLimit)?;
    }
    Ok(Some(rlim(limit.rlim_cur)))
}

#[inline]
pub(crate) fn kill(pid: i32, sig: i32) -> Result<(), Error> {
    // SAFETY: kill(2) takes two integers and touches no memory of ours.
    cvt(unsafe { libc::kill(pid, sig) }, Call::Kill { pid, sig }).map(drop)
}

/// The typed send: `kill(2)` with the target's encoding.
pub(crate) fn send(target: Target, sig: Signal) -> Result<(), Error> {
    let pid = match target {
        Target::Process(pid) => pid_t(pid)?,
        // kill(2) reads -1 as every process: group 1 has no number of its own.
        Target::Group(1) => {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "process group 1 cannot be signalled: kill(2) reads -1 as every process; \
                 say Target::Everyone if that is what you mean",
            ))
        }
        Target::Group(pgid) => -pid_t(pgid)?,
        Target::OwnGroup => 0,
        Target::Everyone => -1,
    };
    kill(pid, sig.as_raw())
}

pub(crate) fn send_with_value(pid: u32, sig: Signal, value: i32) -> Result<(), Error> {
    sigqueue(pid_t(pid)?, sig.as_raw(), value)
}

pub(crate) fn killpg(pgid: i32, sig: i32) -> Result<(), Error> {
    // SAFETY: killpg(3) takes two integers and touches no memory of ours.
    let ret = unsafe { libc::killpg(pgid, sig) };
    cvt(ret, Call::Killpg { pgid, sig }).map(drop)
}

pub(crate) fn pthread_kill<T>(thread: &JoinHandle<T>, sig: i32) -> Result<(), Error> {
    // SAFETY: the handle is borrowed, so the thread has been neither joined
    // nor detached, and its pthread_t stays valid even if the thread has
    // already returned.
    let code = unsafe { libc::pthread_kill(thread.as_pthread_t(), sig) };
    match code {
        0 => Ok(()),
        code => Err(Error::from_os(code, Call::PthreadKill { sig })),
    }
}

/// The `sigval` union holding `value` in its `int` member (libc exposes
/// only the pointer member; the `int` shares its first bytes).
#[cfg(not(target_vendor = "apple"))]
pub(super) fn sigval_int(value: i32) -> libc::sigval {
    let int = value as u32 as usize;
    #[cfg(all(target_endian = "big", target_pointer_width = "64"))]
    let int = int << 32;
    libc::sigval {
        sival_ptr: int as *mut libc::c_void,
    }
}

#[cfg(not(target_vendor = "apple"))]
pub(crate) fn sigqueue(pid: i32, sig: i32, value: i32) -> Result<(), Error> {
    let call = Call::Sigqueue { pid, sig, value };
    // SAFETY: sigqueue(3) takes integers and a sigval passed by value; the
    // pointer member is never dereferenced, only delivered.
    cvt(unsafe { libc::sigqueue(pid, sig, sigval_int(value)) }, call).map(drop)
}

#[cfg(target_vendor = "apple")]
pub(crate) fn sigqueue(pid: i32, sig: i32, value: i32) -> Result<(), Error> {
    let _ = (pid, sig, value);
    Err(Error::new(
        ErrorKind::Unsupported,
        "sigqueue is not available on macOS: send the signal without a value",
    ))
}

pub(super) fn getuid() -> libc::uid_t {
    // SAFETY: getuid(2) takes nothing and cannot fail.
    unsafe { libc::getuid() }
}

/// The uid of the user `name` (`getpwnam_r`); a decimal number is a uid
/// already, as `pkill -U` reads it.
pub(crate) fn user_named(name: &str) -> Result<UserId, Error> {
    if let Ok(uid) = name.parse::<u32>() {
        return Ok(UserId::Uid(uid));
    }
    let unknown = || Error::new(ErrorKind::InvalidInput, format!("no user named {name:?}"));
    let name_c = std::ffi::CString::new(name).map_err(|_| unknown())?;
    let mut buf = vec![0u8; 1024];
    loop {
        let mut entry = std::mem::MaybeUninit::<libc::passwd>::uninit();
        let mut found = std::ptr::null_mut();
        // SAFETY: every pointer is valid for the call: the NUL-terminated
        // name, the entry to fill, the buffer of `buf.len()` bytes for its
        // strings, and the place for the result.
        let code = unsafe {
            libc::getpwnam_r(
                name_c.as_ptr(),
                entry.as_mut_ptr(),
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut found,
            )
        };
        match code {
            0 if found.is_null() => return Err(unknown()),
            // SAFETY: on success with a result, the entry was filled in.
            0 => return Ok(UserId::Uid(unsafe { entry.assume_init() }.pw_uid)),
            libc::ERANGE if buf.len() < 1 << 20 => buf.resize(buf.len() * 4, 0),
            code => return Err(Error::from_os(code, Call::LookupUser)),
        }
    }
}

/// The caller's user for [`crate::ProcessInfo::is_own`]: its real uid, as
/// util-linux `kill NAME` compares it.
pub(crate) fn current_user() -> Option<UserId> {
    Some(UserId::Uid(getuid()))
}

/// The arguments of a NUL-separated (and NUL-ended) command line, as the
/// kernel keeps it.
pub(super) fn split_args(bytes: &[u8]) -> Vec<String> {
    let bytes = bytes.strip_suffix(b"\0").unwrap_or(bytes);
    if bytes.is_empty() {
        return Vec::new();
    }
    bytes
        .split(|&b| b == 0)
        .map(|arg| String::from_utf8_lossy(arg).into_owned())
        .collect()
}

/// How a wait status says a process changed state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WaitStatus {
    Exited(i32),
    Signaled(i32),
    Stopped(i32),
    Unknown,
}

pub(crate) fn decode_wait_status(status: i32) -> WaitStatus {
    if libc::WIFEXITED(status) {
        WaitStatus::Exited(libc::WEXITSTATUS(status))
    } else if libc::WIFSIGNALED(status) {
        WaitStatus::Signaled(libc::WTERMSIG(status))
    } else if libc::WIFSTOPPED(status) {
        WaitStatus::Stopped(libc::WSTOPSIG(status))
    } else {
        WaitStatus::Unknown
    }
}

/// The real-time signal range: FreeBSD's headers fix it.
#[cfg(target_os = "freebsd")]
pub(crate) fn rt_range() -> Option<(i32, i32)> {
    Some((65, 126))
}

/// macOS has no real-time signals.
#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "freebsd")))]
pub(crate) fn rt_range() -> Option<(i32, i32)> {
    None
}

/// A `u32` process (or group) id as a `pid_t`: 0 and anything above
/// `i32::MAX` (which `kill(2)` would read as a group or as -1) are refused,
/// never truncated.
pub(super) fn pid_t(pid: u32) -> Result<i32, Error> {
    match i32::try_from(pid) {
        Ok(pid) if pid > 0 => Ok(pid),
        _ => Err(Error::new(
            ErrorKind::InvalidInput,
            format!(
                "{pid} is not the id of a process or a group: ids are between 1 and {}",
                i32::MAX
            ),
        )),
    }
}

/// The error for a process that is gone: exited and reaped, its pid free
/// or taken by another process, which is never signalled. `ESRCH`, as the
/// kernel says it for a pidfd.
pub(super) fn gone(pid: i32) -> Error {
    Error::from_os(libc::ESRCH, Call::Identity { pid })
}

/// Sends `sig` to `pid` with `kill(2)`, or with `sigqueue(3)` when it
/// carries a value.
pub(super) fn send_pid(pid: i32, sig: i32, value: Option<i32>) -> Result<(), Error> {
    match value {
        None => kill(pid, sig),
        Some(value) => sigqueue(pid, sig, value),
    }
}

/// What `waitid(WEXITED | WNOHANG | WNOWAIT)` says of one process; the
/// process stays waitable, so its owner still reaps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ChildState {
    /// Our child, still running.
    Running,
    /// Our child, exited (a zombie until its owner reaps it).
    Exited(Exit),
    /// Not a child of this process (or already reaped): `ECHILD`.
    NotChild,
}

/// `waitid(idtype, id, WEXITED | WNOHANG | WNOWAIT)`; `pid` names the
/// process in errors.
pub(super) fn child_state(
    idtype: libc::idtype_t,
    id: libc::id_t,
    pid: i32,
) -> Result<ChildState, Error> {
    let mut info = MaybeUninit::<libc::siginfo_t>::zeroed();
    let flags = libc::WEXITED | libc::WNOHANG | libc::WNOWAIT;
    // SAFETY: waitid writes at most one siginfo_t into the zeroed buffer we
    // own; WNOWAIT leaves the child waitable.
    let ret = unsafe { libc::waitid(idtype, id, info.as_mut_ptr(), flags) };
    if let Err(err) = cvt(ret, Call::Waitid { pid }) {
        return match err.raw_os_error() {
            Some(libc::ECHILD) => Ok(ChildState::NotChild),
            Some(libc::EINTR) => Ok(ChildState::Running),
            _ => Err(err),
        };
    }
    // SAFETY: the buffer was zeroed and waitid filled it in or left it so.
    let info = unsafe { info.assume_init() };
    // SAFETY: waitid fills in a SIGCHLD siginfo, which has si_pid and
    // si_status; a zeroed one reads as pid 0 (no state change yet).
    let (child, status) = unsafe { (info.si_pid(), info.si_status()) };
    if child == 0 {
        return Ok(ChildState::Running);
    }
    let exit = match info.si_code {
        libc::CLD_EXITED => Exit::Code(status),
        libc::CLD_KILLED | libc::CLD_DUMPED => {
            Signal::from_raw(status).map_or(Exit::Unknown, Exit::Signaled)
        }
        _ => Exit::Unknown,
    };
    Ok(ChildState::Exited(exit))
}

/// A new descriptor for the same open file as `fd`, close-on-exec.
#[cfg(feature = "tokio")]
fn dup(fd: BorrowedFd<'_>) -> Result<OwnedFd, Error> {
    fd.try_clone_to_owned()
        .map_err(|err| Error::from_io(&err, Call::Dup { fd: fd.as_raw_fd() }))
}

/// `pthread_kill(3)` on a raw thread id, such as Python's
/// `threading.get_ident()`.
///
/// # Safety
/// `thread` must be the `pthread_t` of a thread of this process that has
/// not been joined, nor, if detached, exited: the C library dereferences it.
pub(crate) unsafe fn pthread_kill_raw(thread: libc::pthread_t, sig: i32) -> Result<(), Error> {
    // SAFETY: the caller's promise, above.
    let code = unsafe { libc::pthread_kill(thread, sig) };
    match code {
        0 => Ok(()),
        code => Err(Error::from_os(code, Call::PthreadKill { sig })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_command_lines() {
        assert_eq!(split_args(b"sleep\x0010\x00"), ["sleep", "10"]);
        assert_eq!(split_args(b"a b\x00\x00c"), ["a b", "", "c"]);
        assert_eq!(split_args(b"no-nul"), ["no-nul"]);
        assert!(split_args(b"").is_empty());
    }

    #[test]
    fn pids_of_one_process_only() {
        assert_eq!(pid_t(1).unwrap(), 1);
        assert_eq!(pid_t(i32::MAX as u32).unwrap(), i32::MAX);
        for bad in [0, i32::MAX as u32 + 1, u32::MAX] {
            let err = pid_t(bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput);
            assert!(err.to_string().contains(&bad.to_string()), "{err}");
        }
    }
}
